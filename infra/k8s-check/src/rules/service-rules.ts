import { type CheckContext, commlabWorkloads } from '../check-context';
import { objectsOfKind } from '../manifests';
import { selects } from '../workloads';

/**
 * Services reach pods: each selects at least one workload's pods, and each targetPort is a port those
 * pods declare. Every commlab HTTP port is served by a ClusterIP Service on the contract port; every gRPC
 * port by a headless Service (clusterIP: None), so a gRPC client gets every pod's address instead of one
 * virtual IP that pins its single HTTP/2 connection to one pod.
 */
export function serviceProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const service of objectsOfKind(context.objects, 'Service')) {
    const known = context.services.get(service.metadata.name);
    if (known?.selector === undefined) {
      problems.push(`Service/${service.metadata.name}: has no selector`);
      continue;
    }
    const selector = known.selector;
    const matched = context.workloads.filter((workload) =>
      selects({ matchLabels: selector }, workload.podLabels),
    );
    if (matched.length === 0) {
      problems.push(`Service/${service.metadata.name}: selects no pods`);
      continue;
    }
    for (const port of known.ports) {
      const target = port.targetPort ?? port.port;
      const served = matched.every((workload) =>
        workload.pod.containers.some((container) =>
          (container.ports ?? []).some(
            (candidate) => candidate.name === target || candidate.containerPort === target,
          ),
        ),
      );
      if (!served)
        problems.push(
          `Service/${service.metadata.name}: targetPort ${String(target)} is not a port of the pods it selects`,
        );
    }
  }
  for (const workload of commlabWorkloads(context)) {
    const served = (port: number, headless: boolean) =>
      [...context.services.values()].some(
        (service) =>
          service.headless === headless &&
          service.selector !== undefined &&
          selects({ matchLabels: service.selector }, workload.podLabels) &&
          service.ports.some((candidate) => candidate.port === port),
      );
    const http = context.expectations.httpPorts[workload.name];
    if (http !== undefined && !served(http, false)) {
      problems.push(
        `${workload.kind}/${workload.name}: no ClusterIP Service serves its HTTP port ${String(http)}`,
      );
    }
    const grpc = context.expectations.grpcPorts[workload.name];
    if (grpc !== undefined && !served(grpc, true)) {
      problems.push(
        `${workload.kind}/${workload.name}: no headless Service serves its gRPC port ${String(grpc)}`,
      );
    }
  }
  return problems;
}
