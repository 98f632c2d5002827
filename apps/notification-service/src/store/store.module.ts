/** The service's store in Nest: the shared module and token from @commlab/service-kit. */
export { DATABASE, StoreModule } from '@commlab/service-kit';
