import { checkContext } from './check-context';
import type { K8sExpectations } from './expectations';
import type { K8sObject } from './manifests';
import { composeParityProblems } from './rules/compose-parity-rules';
import { environmentProblems } from './rules/environment-rules';
import { partitionProblems, scalerProblems, topicProblems } from './rules/kafka-rules';
import { networkPolicyProblems } from './rules/network-rules';
import { serviceProblems } from './rules/service-rules';
import {
  disruptionBudgetProblems,
  imageProblems,
  probeProblems,
  resourceProblems,
  securityProblems,
} from './rules/workload-rules';
import { validateSchemas } from './schema-validation';

/** The rules, by name (the README of the tests lists them; each has a broken fixture). */
export const RULES = {
  schemas: (objects: readonly K8sObject[]) => validateSchemas(objects),
  probes: probeProblems,
  resources: resourceProblems,
  images: imageProblems,
  security: securityProblems,
  disruptionBudgets: disruptionBudgetProblems,
  environment: environmentProblems,
  services: serviceProblems,
  networkPolicies: networkPolicyProblems,
  topics: topicProblems,
  partitions: partitionProblems,
  scalers: scalerProblems,
  composeParity: composeParityProblems,
} as const;

/**
 * Every way a rendered overlay disagrees with the Kubernetes schemas, the code or the stack's rules
 * (empty = none): schemas, probes, resources, pinned images, pod security, disruption budgets, each
 * service's environment against its config schema, Services, network policies, Kafka topics and
 * partitions against the contracts, autoscalers, and what it shares with docker-compose.yml.
 */
export function checkManifests(objects: readonly K8sObject[], expectations: K8sExpectations): string[] {
  const context = checkContext(objects, expectations);
  const { schemas, ...rules } = RULES;
  return [...schemas(objects), ...Object.values(rules).flatMap((rule) => rule(context))];
}
