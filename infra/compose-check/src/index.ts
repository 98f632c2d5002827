export {
  type ComposeFile,
  type ComposeService,
  parseComposeFile,
  publishedPorts,
  serviceDependencies,
  serviceEnvironment,
} from './compose-file';
export { composeSpecProblems, composeSpecSchemaPath } from './compose-spec';
export { checkCompose, type ComposeExpectations, type ServiceConfigSchema } from './compose-rules';
export { referencedHosts } from './env-references';
export {
  composeExpectations,
  createdDatabaseNames,
  LISTEN_PORTS,
  PUBLISHED_PORTS,
  REQUIRED_VALUES,
  VARIABLE_TARGETS,
} from './expectations';
export { compareTopics, expectedKafkaTopics, parseTopicList } from './kafka-topics';
export { runTopicScript, type TopicScriptRun } from './topic-script';
