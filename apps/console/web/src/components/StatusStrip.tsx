import { useLive } from '../live/live-context';
import { healthTone, shortName } from './health';

/** Every service and broker at a glance, on every view; the detail is in each badge's title and text. */
export function StatusStrip() {
  const { status, connection } = useLive();
  if (connection === 'lost') {
    return (
      <div className="status-strip" role="alert">
        <span className="badge tone-bad">console server</span> the live connection is lost; reconnecting… (is
        `pnpm start` or the console container still running?)
      </div>
    );
  }
  if (status === null) return <div className="status-strip">Connecting to the console server…</div>;
  return (
    <div className="status-strip">
      <ul aria-label="services and brokers">
        {status.services.map((service) => (
          <li key={service.name} title={service.detail}>
            <span
              className={`badge tone-${healthTone(service.health)}`}
              data-service={service.name}
              data-health={service.health}
            >
              {shortName(service.name)}: {service.health}
            </span>
          </li>
        ))}
        {status.brokers.map((broker) => (
          <li key={broker.name} title={broker.detail ?? broker.address}>
            <span className={`badge tone-${broker.reachable ? 'ok' : 'bad'}`}>
              {broker.name}: {broker.reachable ? 'up' : 'down'}
            </span>
          </li>
        ))}
        <li title={status.liveFeed.detail ?? 'subscribed to commlab.live'}>
          <span className={`badge tone-${status.liveFeed.connected ? 'ok' : 'bad'}`}>
            live feed: {status.liveFeed.connected ? 'on' : 'off'}
          </span>
        </li>
      </ul>
    </div>
  );
}
