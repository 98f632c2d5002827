import { startNestServer } from './nest-servers';
import { serveInChild } from './serve-in-child';

/** The entry of a bench server process for the NestJS servers. */
serveInChild(startNestServer);
