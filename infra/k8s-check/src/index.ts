export { checkContext, type CheckContext, type KnownService } from './check-context';
export { checkManifests, RULES } from './check-manifests';
export { expandKubernetesReferences, resolveEnvironment } from './environment';
export { CONSOLE_HTTP_PORT, k8sExpectations, type K8sExpectations, type ProtectedPort } from './expectations';
export {
  ensureKubectl,
  extractZipEntry,
  KUBECTL_MINOR,
  KUBECTL_PACKAGE,
  kubectlClientVersion,
  KubectlUnavailableError,
} from './kubectl';
export { baseName, findObject, type K8sObject, objectId, objectsOfKind, parseManifests } from './manifests';
export { RenderError, renderKustomization } from './render';
export { rabbitmqSettingLines } from './rules/compose-parity-rules';
export { renderedTopics, TOPIC_LIST_VARIABLE } from './rules/kafka-rules';
export { imagePinProblem, parseQuantity } from './rules/workload-rules';
export { schemaProblems, validateSchemas } from './schema-validation';
export { allContainers, selects, type Workload, workloadsOf } from './workloads';
