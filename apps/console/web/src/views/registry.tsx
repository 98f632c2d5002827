import type { ComponentType } from 'react';

import { BenchmarksView } from './BenchmarksView';
import { EventSourcingView } from './EventSourcingView';
import { FaultsView } from './FaultsView';
import { KafkaView } from './KafkaView';
import { OrderView } from './OrderView';
import { QueuesView } from './QueuesView';
import { ROUTES } from './routes';
import { TopologyView } from './TopologyView';

/** One view of the console: where it is, what it is called, the learner's question it answers. */
export interface ConsoleView {
  id: string;
  path: string;
  title: string;
  question: string;
  Component: ComponentType;
}

/**
 * Every view, in the order of the navigation. Adding one (the Trace view: `{ id: 'trace', path:
 * TRACE_ROUTE, … }`) is one entry here and its component.
 */
export const VIEWS: readonly ConsoleView[] = [
  {
    id: 'topology',
    path: ROUTES.topology,
    title: 'Topology',
    question: 'Who talks to whom, over what, how often and how fast — right now?',
    Component: TopologyView,
  },
  {
    id: 'order',
    path: ROUTES.order,
    title: 'Place an order',
    question: 'What happens, hop by hop, when I place an order sync or async, over each transport?',
    Component: OrderView,
  },
  {
    id: 'queues',
    path: ROUTES.queues,
    title: 'Queues & dead letters',
    question: 'What waits in RabbitMQ, who consumes it, and what failed for good?',
    Component: QueuesView,
  },
  {
    id: 'kafka',
    path: ROUTES.kafka,
    title: 'Kafka',
    question: 'Where does each consumer group stand in each partition, and how far behind is it?',
    Component: KafkaView,
  },
  {
    id: 'event-sourcing',
    path: ROUTES.eventSourcing,
    title: 'Event sourcing',
    question: 'What was the stock of a SKU at any moment — and which events made it so?',
    Component: EventSourcingView,
  },
  {
    id: 'faults',
    path: ROUTES.faults,
    title: 'Faults',
    question: 'What does each pattern do when a service stops, hangs, slows down or fails?',
    Component: FaultsView,
  },
  {
    id: 'benchmarks',
    path: ROUTES.benchmarks,
    title: 'Benchmarks',
    question: 'How fast is each transport, raw, through NestJS and through the services — and did it change?',
    Component: BenchmarksView,
  },
];
