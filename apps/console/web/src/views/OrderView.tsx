import { Problem, Note } from '../components/Notice';
import { OrderForm } from '../orders/OrderForm';
import { pinCurrent, usePlacements } from '../orders/placement-store';
import { Timeline } from '../orders/Timeline';
import { usePlacement } from '../orders/use-placement';

/** One order's timeline by id, or why it cannot be shown. */
export function PlacementTimeline({ id, caption }: { id: string; caption: string }) {
  const { view, error } = usePlacement(id);
  if (view !== undefined)
    return (
      <>
        <Timeline view={view} caption={caption} />
        {error === undefined ? null : <Problem>{error}</Problem>}
      </>
    );
  if (error !== undefined) return <Problem>{error}</Problem>;
  return <Note>Reading the order…</Note>;
}

export function OrderView() {
  const { current, pinned } = usePlacements();
  return (
    <div className="order-view">
      <OrderForm />
      <div className="timelines">
        {current === undefined ? (
          <Note>
            Place an order: its timeline appears here — the HTTP answer, each call and broker hop, the
            completion, the webhook.
          </Note>
        ) : (
          <div className="timeline-slot">
            <PlacementTimeline key={current} id={current} caption="Latest order" />
            {current === pinned ? null : (
              <button
                type="button"
                onClick={() => {
                  pinCurrent(true);
                }}
              >
                Pin to compare with the next order
              </button>
            )}
          </div>
        )}
        {pinned === undefined || pinned === current ? null : (
          <div className="timeline-slot">
            <PlacementTimeline key={pinned} id={pinned} caption="Pinned order" />
            <button
              type="button"
              onClick={() => {
                pinCurrent(false);
              }}
            >
              Unpin
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
