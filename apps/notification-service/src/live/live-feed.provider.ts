/** The service's live feed in Nest: the shared binding from @commlab/messaging. */
export { LIVE_FEED, LiveFeedCloser } from '@commlab/messaging-nest';
