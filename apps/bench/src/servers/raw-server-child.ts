import { startRawServer } from './raw-servers';
import { serveInChild } from './serve-in-child';

/** The entry of a bench server process for the bare servers and consumers (and kafka-lite). */
serveInChild(startRawServer);
