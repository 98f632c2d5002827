import '@xyflow/react/dist/style.css';

import {
  BaseEdge,
  type Edge,
  EdgeLabelRenderer,
  type EdgeProps,
  getStraightPath,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';

import type { StatusSnapshot } from '../../../src/common/api';
import { hopSegments, type HopStats, type NodeId, segmentId } from '../../../src/common/topology';
import { healthTone } from '../components/health';
import { useLive } from '../live/live-context';
import { type Segment, segmentLineText, segmentsOf } from './graph-model';
import { LABEL_ALONG, NODE_LABELS, NODE_POSITIONS, NODE_SIZE } from './layout';

/** How long an edge stays lit after a message crossed it. */
const GLOW_MS = 1_500;

interface NodeData extends Record<string, unknown> {
  label: string;
  health: string;
  detail: string;
  tone: string;
}
type CommlabNode = Node<NodeData, 'commlab'>;
interface EdgeData extends Record<string, unknown> {
  segment: Segment;
  active: boolean;
}
type CommlabEdge = Edge<EdgeData, 'labelled'>;

function CommlabNodeView({ id, data }: NodeProps<CommlabNode>) {
  return (
    <div
      className={`graph-node tone-${data.tone}`}
      data-node={id}
      data-health={data.health}
      title={data.detail}
    >
      {/* Edges run centre to centre: one invisible handle of each kind in the middle. */}
      <Handle type="target" position={Position.Top} className="center-handle" isConnectable={false} />
      <span className="node-name">{data.label}</span>
      <span className="node-state">{data.health}</span>
      <Handle type="source" position={Position.Bottom} className="center-handle" isConnectable={false} />
    </div>
  );
}

/** How far from a box's centre, along (dx, dy), its border is (plus a small gap for the arrow). */
function toBorder(dx: number, dy: number): number {
  const length = Math.hypot(dx, dy) || 1;
  const scale = Math.min(
    NODE_SIZE.width / 2 / (Math.abs(dx) / length || 1e-9),
    NODE_SIZE.height / 2 / (Math.abs(dy) / length || 1e-9),
  );
  return Math.min(scale + 4, length / 2);
}

/** A straight edge from border to border (both handles sit in the node's centre), with an HTML label. */
function LabelledEdge({ id, sourceX, sourceY, targetX, targetY, data, markerEnd }: EdgeProps<CommlabEdge>) {
  const dx = targetX - sourceX;
  const dy = targetY - sourceY;
  const length = Math.hypot(dx, dy) || 1;
  const cut = toBorder(dx, dy);
  // The label sits beside its line, on its right-hand side: the labels of the two directions between
  // the same nodes (order → Kafka, Kafka → order) land on either side instead of on top of each other.
  const along = LABEL_ALONG[id] ?? 0.5;
  const labelX = sourceX + dx * along - (dy / length) * 14;
  const labelY = sourceY + dy * along + (dx / length) * 14;
  const [path] = getStraightPath({
    sourceX: sourceX + (dx / length) * cut,
    sourceY: sourceY + (dy / length) * cut,
    targetX: targetX - (dx / length) * cut,
    targetY: targetY - (dy / length) * cut,
  });
  const lines = data?.segment.lines ?? [];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`${data?.active === true ? 'edge-active' : 'edge-idle'}${data?.segment.feed === true ? ' edge-feed' : ''}`}
      />
      {lines.length === 0 ? null : (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${data?.active === true ? ' edge-label-active' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${String(labelX)}px, ${String(labelY)}px)` }}
            data-segment={id}
          >
            {lines.map((line) => (
              <div key={line.transport}>{segmentLineText(line)}</div>
            ))}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const nodeTypes = { commlab: CommlabNodeView };
const edgeTypes = { labelled: LabelledEdge };

function nodeHealth(id: NodeId, status: StatusSnapshot | null): { health: string; detail: string } {
  if (id === 'client') return { health: 'up', detail: 'whoever calls commlab from outside' };
  const service = status?.services.find((candidate) => candidate.name === id);
  if (service !== undefined) return { health: service.health, detail: service.detail };
  const broker = status?.brokers.find((candidate) => candidate.name === id);
  if (broker !== undefined)
    return { health: broker.reachable ? 'up' : 'down', detail: broker.detail ?? broker.address };
  return { health: 'unknown', detail: 'not checked yet' };
}

/** The live graph: nodes coloured by health, edges lit for 1.5 s by every message or call that crosses them. */
export function TopologyGraph({ hops }: { hops: HopStats[] }) {
  const { status, subscribe } = useLive();
  const [lit, setLit] = useState<Record<string, number>>({});
  const [now, setNow] = useState(() => Date.now());

  useEffect(
    () =>
      subscribe((item) => {
        const at = Date.now();
        setLit((previous) => {
          const next = { ...previous };
          for (const hop of item.hops)
            for (const [from, to] of hopSegments(hop)) next[segmentId(from, to)] = at;
          return next;
        });
      }),
    [subscribe],
  );
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 250);
    return () => {
      window.clearInterval(timer);
    };
  }, []);

  const nodes = useMemo<CommlabNode[]>(
    () =>
      (Object.keys(NODE_POSITIONS) as NodeId[]).map((id) => {
        const { health, detail } = nodeHealth(id, status);
        return {
          id,
          type: 'commlab',
          position: NODE_POSITIONS[id],
          data: {
            label: NODE_LABELS[id],
            health,
            detail,
            tone: id === 'client' ? 'neutral' : healthTone(health as never),
          },
          draggable: false,
          connectable: false,
          ariaLabel: `${NODE_LABELS[id]}: ${health}`,
        };
      }),
    [status],
  );
  const edges = useMemo<CommlabEdge[]>(
    () =>
      segmentsOf(hops).map((segment) => {
        const active = now - (lit[segment.id] ?? 0) < GLOW_MS;
        return {
          id: segment.id,
          source: segment.from,
          target: segment.to,
          type: 'labelled',
          data: { segment, active },
          animated: active,
          markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
          focusable: false,
        };
      }),
    [hops, lit, now],
  );

  return (
    <div className="graph" aria-label="topology graph: services, brokers and the messages between them">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        panOnScroll={false}
        zoomOnScroll={false}
        preventScrolling={false}
        minZoom={0.3}
        proOptions={{ hideAttribution: false }}
      />
    </div>
  );
}
