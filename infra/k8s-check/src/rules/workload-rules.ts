import { type CheckContext, commlabWorkloads, selectorAt, specOf } from '../check-context';
import { objectsOfKind } from '../manifests';
import { allContainers, type Container, type Probe, selects, type Workload } from '../workloads';

/** A CPU or memory quantity in base units (cores, bytes); undefined when it does not parse. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(value);
  if (match?.[1] === undefined) return undefined;
  const factors: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] === undefined ? 1 : (factors[match[2]] ?? Number.NaN));
}

function where(workload: Workload, container: Container): string {
  return `${workload.kind}/${workload.name} container ${container.name}`;
}

/** Every container asks for and is bounded in CPU and memory; requests do not exceed limits. */
export function resourceProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const workload of context.workloads) {
    for (const container of allContainers(workload.pod)) {
      for (const resource of ['cpu', 'memory'] as const) {
        const request = container.resources?.requests?.[resource];
        const limit = container.resources?.limits?.[resource];
        if (request === undefined) problems.push(`${where(workload, container)}: no ${resource} request`);
        if (limit === undefined) problems.push(`${where(workload, container)}: no ${resource} limit`);
        if (request === undefined || limit === undefined) continue;
        const [requested, limited] = [parseQuantity(request), parseQuantity(limit)];
        if (requested === undefined || limited === undefined) {
          problems.push(
            `${where(workload, container)}: ${resource} ${String(request)}/${String(limit)} is not a quantity`,
          );
        } else if (requested > limited) {
          problems.push(
            `${where(workload, container)}: ${resource} request ${String(request)} exceeds its limit ${String(limit)}`,
          );
        }
      }
    }
  }
  return problems;
}

/** An image reference pinned to a version (a tag with a digit, not `latest`) or a digest. */
export function imagePinProblem(image: string | undefined): string | undefined {
  if (image === undefined || image === '') return 'has no image';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSegment = image.split('/').at(-1) ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  if (tag === '') return `image ${image} has no tag (pin a version)`;
  if (tag === 'latest' || !/\d/.test(tag)) return `image ${image} is not pinned to a version`;
  return undefined;
}

export function imageProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const workload of context.workloads) {
    for (const container of allContainers(workload.pod)) {
      const problem = imagePinProblem(container.image);
      if (problem !== undefined) problems.push(`${where(workload, container)}: ${problem}`);
    }
  }
  for (const rabbit of objectsOfKind(context.objects, 'RabbitmqCluster')) {
    const problem = imagePinProblem(specOf(rabbit).image as string | undefined);
    if (problem !== undefined) problems.push(`RabbitmqCluster/${rabbit.metadata.name}: ${problem}`);
  }
  for (const cluster of objectsOfKind(context.objects, 'Cluster')) {
    const problem = imagePinProblem(specOf(cluster).imageName as string | undefined);
    if (problem !== undefined) problems.push(`Cluster/${cluster.metadata.name}: ${problem}`);
  }
  return problems;
}

function hasProbe(probe: Probe | undefined): boolean {
  return (
    probe !== undefined &&
    [probe.httpGet, probe.tcpSocket, probe.exec, probe.grpc].some((handler) => handler !== undefined)
  );
}

function probesHealth(probe: Probe | undefined, container: Container, port: number): boolean {
  const httpGet = probe?.httpGet;
  if (httpGet?.path !== '/health') return false;
  const target = container.ports?.find(
    (candidate) => candidate.name === httpGet.port || candidate.containerPort === httpGet.port,
  );
  return target?.containerPort === port;
}

/**
 * Long-running containers have readiness and liveness probes. commlab's probe GET /health on their HTTP
 * port (the contract port), and their liveness tolerates ≥ 30 s of failures: /health includes the
 * dependencies, so a quick liveness would restart every pod during a short database outage.
 */
export function probeProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const workload of context.workloads.filter((candidate) => candidate.longRunning)) {
    for (const container of workload.pod.containers) {
      if (!hasProbe(container.readinessProbe))
        problems.push(`${where(workload, container)}: no readiness probe`);
      if (!hasProbe(container.livenessProbe))
        problems.push(`${where(workload, container)}: no liveness probe`);
    }
  }
  for (const workload of commlabWorkloads(context)) {
    const port = context.expectations.httpPorts[workload.name];
    const container = workload.pod.containers[0];
    if (port === undefined || container === undefined) continue;
    for (const kind of ['readinessProbe', 'livenessProbe'] as const) {
      if (hasProbe(container[kind]) && !probesHealth(container[kind], container, port)) {
        problems.push(`${where(workload, container)}: ${kind} is not GET /health on port ${String(port)}`);
      }
    }
    const liveness = container.livenessProbe;
    const tolerance = (liveness?.periodSeconds ?? 10) * (liveness?.failureThreshold ?? 3);
    if (liveness !== undefined && tolerance < 30) {
      problems.push(
        `${where(workload, container)}: liveness restarts after ${String(tolerance)} s of failing /health (at least 30 s)`,
      );
    }
  }
  return problems;
}

/**
 * The "restricted" Pod Security Standard's rules for every pod — non-root, no privilege escalation, all
 * capabilities dropped, the runtime's seccomp profile, no host namespaces or paths — and for commlab's own
 * containers a read-only root filesystem with an emptyDir at /tmp.
 */
export function securityProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const workload of context.workloads) {
    const pod = workload.pod;
    const id = `${workload.kind}/${workload.name}`;
    if (pod.hostNetwork === true || pod.hostPID === true || pod.hostIPC === true)
      problems.push(`${id}: uses a host namespace`);
    for (const volume of pod.volumes ?? []) {
      if (volume.hostPath !== undefined) problems.push(`${id}: mounts a hostPath volume (${volume.name})`);
    }
    for (const container of allContainers(pod)) {
      const own = container.securityContext ?? {};
      const podLevel = pod.securityContext ?? {};
      if ((own.runAsNonRoot ?? podLevel.runAsNonRoot) !== true)
        problems.push(`${where(workload, container)}: may run as root (runAsNonRoot)`);
      if ((own.runAsUser ?? podLevel.runAsUser) === 0)
        problems.push(`${where(workload, container)}: runs as uid 0`);
      if (own.privileged === true) problems.push(`${where(workload, container)}: is privileged`);
      if (own.allowPrivilegeEscalation !== false)
        problems.push(`${where(workload, container)}: allows privilege escalation`);
      if (!(own.capabilities?.drop ?? []).includes('ALL'))
        problems.push(`${where(workload, container)}: does not drop ALL capabilities`);
      if ((own.capabilities?.add ?? []).some((capability) => capability !== 'NET_BIND_SERVICE')) {
        problems.push(`${where(workload, container)}: adds capabilities`);
      }
      const seccomp = own.seccompProfile?.type ?? podLevel.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
        problems.push(`${where(workload, container)}: no RuntimeDefault seccomp profile`);
      }
    }
  }
  for (const workload of commlabWorkloads(context)) {
    for (const container of workload.pod.containers) {
      if (container.securityContext?.readOnlyRootFilesystem !== true) {
        problems.push(`${where(workload, container)}: root filesystem is writable (readOnlyRootFilesystem)`);
      }
      const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      const volume = workload.pod.volumes?.find((candidate) => candidate.name === tmp?.name);
      if (volume?.emptyDir === undefined) problems.push(`${where(workload, container)}: no emptyDir at /tmp`);
    }
  }
  return problems;
}

/** Every commlab workload has a PodDisruptionBudget that selects its pods and lets a node drain proceed. */
export function disruptionBudgetProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  const budgets = objectsOfKind(context.objects, 'PodDisruptionBudget');
  for (const workload of commlabWorkloads(context)) {
    const covering = budgets.filter((budget) => {
      const selector = selectorAt(budget, 'selector');
      return selector !== undefined && selects(selector, workload.podLabels);
    });
    if (covering.length === 0) {
      problems.push(`${workload.kind}/${workload.name}: no PodDisruptionBudget selects its pods`);
      continue;
    }
    for (const budget of covering) {
      const body = specOf(budget) as { maxUnavailable?: number | string; minAvailable?: number | string };
      const blocks =
        body.maxUnavailable === 0 ||
        body.maxUnavailable === '0%' ||
        (typeof body.minAvailable === 'number' && body.minAvailable >= workload.replicas) ||
        body.minAvailable === '100%';
      if (blocks)
        problems.push(
          `PodDisruptionBudget/${budget.metadata.name}: never lets a ${workload.name} pod be evicted`,
        );
    }
  }
  return problems;
}
