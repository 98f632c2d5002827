import { z } from 'zod';

import { type CheckContext, selectorAt, specOf } from '../check-context';
import { objectsOfKind } from '../manifests';
import { labelSelectorSchema, selects, type Workload } from '../workloads';

const peerSchema = z.looseObject({
  podSelector: labelSelectorSchema.optional(),
  namespaceSelector: labelSelectorSchema.optional(),
  ipBlock: z.looseObject({}).optional(),
});
const ingressRuleSchema = z.looseObject({
  from: z.array(peerSchema).optional(),
  ports: z.array(z.looseObject({ port: z.union([z.string(), z.number()]).optional() })).optional(),
});
const policySpecSchema = z.looseObject({
  policyTypes: z.array(z.string()).optional(),
  ingress: z.array(ingressRuleSchema).optional(),
});

function portMatches(
  rulePorts: z.infer<typeof ingressRuleSchema>['ports'],
  port: { name?: string | undefined; containerPort: number },
): boolean {
  if (rulePorts === undefined || rulePorts.length === 0) return true;
  return rulePorts.some(
    (entry) => entry.port === undefined || entry.port === port.name || entry.port === port.containerPort,
  );
}

/**
 * Who can open a connection to a port of a workload, by the NetworkPolicies of the render (the union of
 * the ingress rules of every policy that selects the pods; a pod no Ingress policy selects admits
 * everyone). Returns the workloads that may connect, or a reason when anything at all may.
 */
export function allowedSources(
  context: CheckContext,
  target: Workload,
  port: { name?: string | undefined; containerPort: number },
): { workloads: Set<string>; open: string | undefined } {
  const workloads = new Set<string>();
  const policies = objectsOfKind(context.objects, 'NetworkPolicy').filter((policy) => {
    const selector = selectorAt(policy, 'podSelector');
    const body = policySpecSchema.safeParse(specOf(policy));
    const types = body.success ? (body.data.policyTypes ?? ['Ingress']) : [];
    return selector !== undefined && selects(selector, target.podLabels) && types.includes('Ingress');
  });
  if (policies.length === 0) return { workloads, open: 'no NetworkPolicy selects its pods' };
  for (const policy of policies) {
    const body = policySpecSchema.parse(specOf(policy));
    for (const rule of body.ingress ?? []) {
      if (!portMatches(rule.ports, port)) continue;
      if (rule.from === undefined || rule.from.length === 0) {
        return { workloads, open: `NetworkPolicy/${policy.metadata.name} admits every source` };
      }
      for (const peer of rule.from) {
        if (
          peer.ipBlock !== undefined ||
          peer.namespaceSelector !== undefined ||
          peer.podSelector === undefined
        ) {
          return {
            workloads,
            open: `NetworkPolicy/${policy.metadata.name} admits addresses or namespaces, not only pods`,
          };
        }
        const podSelector = peer.podSelector;
        for (const source of context.workloads) {
          if (selects(podSelector, source.podLabels)) workloads.add(source.name);
        }
      }
    }
  }
  return { workloads, open: undefined };
}

/**
 * The ports the expectations protect (auth's and inventory's gRPC: order-service only; their HTTP:
 * order-service and the console) admit exactly those workloads.
 */
export function networkPolicyProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const { workload: name, port: portName, allowedSources: allowed } of context.expectations
    .protectedPorts) {
    const target = context.workloads.find((workload) => workload.name === name);
    const port = target?.pod.containers[0]?.ports?.find((candidate) => candidate.name === portName);
    if (target === undefined || port === undefined) {
      problems.push(`${name}: no workload with a port named ${portName} to protect`);
      continue;
    }
    const { workloads, open } = allowedSources(context, target, port);
    const where = `${target.kind}/${name} port ${portName}`;
    if (open !== undefined) {
      problems.push(`${where}: reachable by every pod (${open}); only ${allowed.join(', ')} may connect`);
      continue;
    }
    const extra = [...workloads].filter((source) => !allowed.includes(source)).sort();
    if (extra.length > 0)
      problems.push(`${where}: reachable by ${extra.join(', ')}; only ${allowed.join(', ')} may connect`);
    const missing = allowed.filter((source) => !workloads.has(source));
    if (missing.length > 0) problems.push(`${where}: ${missing.join(', ')} cannot reach it, but must`);
  }
  return problems;
}
