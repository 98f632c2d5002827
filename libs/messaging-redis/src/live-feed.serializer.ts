import type { ReadPacket, Serializer } from '@nestjs/microservices';

import type { LiveFeedLine } from '@commlab/messaging';

/**
 * `ClientRedis.emit(channel, line)` publishes `JSON.stringify(serialize(packet))`. NestJS's default would
 * wrap the line as `{pattern, data}`; the feed is for any Redis subscriber (`redis-cli SUBSCRIBE`), so
 * the published message is the line itself.
 */
export class LiveFeedSerializer implements Serializer<ReadPacket<LiveFeedLine>, LiveFeedLine> {
  serialize(packet: ReadPacket<LiveFeedLine>): LiveFeedLine {
    return packet.data;
  }
}
