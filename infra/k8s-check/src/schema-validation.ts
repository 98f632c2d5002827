import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { apps, autoscaling, batch, networkingK8sIo, policy, v1 } from 'kubernetes-models';

import { type K8sObject, objectId } from './manifests';
import { OPERATOR_SCHEMAS } from './operator-schemas';

/** A model class of `kubernetes-models`: constructed from an object, `validate()` throws on a mismatch. */
type ValidatingModel = new (data: never) => { validate(): void };

/**
 * `apiVersion/kind` → the JSON schema (compiled by kubernetes-models from Kubernetes' OpenAPI, and KEDA's
 * CRDs for keda.sh) every rendered object of that kind must satisfy. A kind missing here is a problem:
 * add its model rather than let it through unchecked.
 */
const KUBERNETES_MODELS: Record<string, ValidatingModel> = {
  'v1/ConfigMap': v1.ConfigMap,
  'v1/Namespace': v1.Namespace,
  'v1/Secret': v1.Secret,
  'v1/Service': v1.Service,
  'apps/v1/Deployment': apps.v1.Deployment,
  'apps/v1/StatefulSet': apps.v1.StatefulSet,
  'batch/v1/Job': batch.v1.Job,
  'policy/v1/PodDisruptionBudget': policy.v1.PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': networkingK8sIo.v1.NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': autoscaling.v2.HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

/** Object names: RFC 1123 subdomains (lower case, digits, '-', '.'; at most 253). */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's decoder (Go's
 * StdEncoding) skips line breaks, so the schema's "byte" format is checked on the joined value.
 */
function asDecodedByApiServer(object: K8sObject): K8sObject {
  const data = (object as { data?: unknown }).data;
  if (object.kind !== 'Secret' || typeof data !== 'object' || data === null) return object;
  const joined = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.replace(/[\r\n]/g, '') : value,
    ]),
  );
  return { ...object, data: joined };
}

/** Every way one object fails its schema (empty = valid). */
export function schemaProblems(object: K8sObject): string[] {
  const id = objectId(object);
  const type = `${object.apiVersion}/${object.kind}`;
  const problems: string[] = [];
  if (!SUBDOMAIN.test(object.metadata.name) || object.metadata.name.length > 253) {
    problems.push(`${id}: metadata.name is not a lower-case DNS subdomain`);
  }
  const Model = KUBERNETES_MODELS[type];
  if (Model !== undefined) {
    try {
      new Model(asDecodedByApiServer(object) as never).validate();
    } catch (error) {
      problems.push(
        `${id}: does not match the ${type} schema: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return problems;
  }
  const operatorSchema = OPERATOR_SCHEMAS[type];
  if (operatorSchema !== undefined) {
    const result = operatorSchema.safeParse(object);
    if (!result.success) {
      const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      problems.push(`${id}: does not match the ${type} structure: ${issues.join('; ')}`);
    }
    return problems;
  }
  problems.push(`${id}: no schema is known for ${type}`);
  return problems;
}

/** Schema problems of every object. */
export function validateSchemas(objects: readonly K8sObject[]): string[] {
  return objects.flatMap(schemaProblems);
}
