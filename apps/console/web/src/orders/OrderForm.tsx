import { type SyntheticEvent, useState } from 'react';

import {
  DEMO_USERS,
  ORDER_AUTH_MODES,
  ORDER_MODES,
  ORDER_SAGAS,
  ORDER_TRANSPORTS,
  type PlaceOrderRequest,
} from '../../../src/common/api';
import { messageOf } from '../api/client';
import { Problem } from '../components/Notice';
import { DEFAULT_ORDER, placeOrder } from './placement-store';

/** The demo catalog's SKUs (poster-async is out of stock: a 409, or a REJECTED async order). */
const DEMO_SKUS = ['mug-red', 'tee-black', 'sticker-kafka', 'poster-async'];

function Choice<T extends string>({
  legend,
  name,
  values,
  value,
  onChange,
  disabled = false,
  hint,
}: {
  legend: string;
  name: string;
  values: readonly T[];
  value: T;
  onChange: (value: T) => void;
  disabled?: boolean;
  hint?: string;
}) {
  return (
    <fieldset className="choice" disabled={disabled}>
      <legend>{legend}</legend>
      {values.map((option) => (
        <label key={option}>
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            onChange={() => {
              onChange(option);
            }}
          />
          {option}
        </label>
      ))}
      {hint === undefined ? null : <p className="hint">{hint}</p>}
    </fieldset>
  );
}

/** How each saga style reaches inventory, in the form's words. */
const SAGA_HINTS: Record<PlaceOrderRequest['saga'], string> = {
  orchestration: 'order-service drives: a ReserveStock command over RabbitMQ (inventory.commands)',
  choreography:
    'nobody drives: OrderAccepted on Kafka orders, inventory reacts (group inventory-order-events)',
};

/**
 * The order form: what to order, as whom, sync or async (and then which saga style), over which
 * transport, token checked how.
 */
export function OrderForm({ compact = false }: { compact?: boolean }) {
  const [request, setRequest] = useState<PlaceOrderRequest>(DEFAULT_ORDER);
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<string>();
  const update = (change: Partial<PlaceOrderRequest>) => {
    setRequest((previous) => ({ ...previous, ...change }));
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setPlacing(true);
    setError(undefined);
    try {
      await placeOrder(request);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setPlacing(false);
    }
  };

  const async = request.mode === 'async';
  return (
    <form
      className={`order-form${compact ? ' compact' : ''}`}
      onSubmit={(event) => void submit(event)}
      aria-label="place an order"
    >
      <Choice
        legend="Mode"
        name="mode"
        values={ORDER_MODES}
        value={request.mode}
        onChange={(mode) => {
          update({ mode });
        }}
      />
      {async ? (
        <Choice
          legend="saga"
          name="saga"
          values={ORDER_SAGAS}
          value={request.saga}
          onChange={(saga) => {
            update({ saga });
          }}
          hint={`${SAGA_HINTS[request.saga]}; the answer comes back over Kafka (inventory)`}
        />
      ) : (
        <Choice
          legend="order → inventory"
          name="transport"
          values={ORDER_TRANSPORTS}
          value={request.transport}
          onChange={(transport) => {
            update({ transport });
          }}
        />
      )}
      <Choice
        legend="token check"
        name="auth"
        values={ORDER_AUTH_MODES}
        value={request.auth}
        onChange={(auth) => {
          update({ auth });
        }}
      />
      {compact ? null : (
        <>
          <Choice
            legend="as"
            name="user"
            values={DEMO_USERS}
            value={request.user}
            onChange={(user) => {
              update({ user });
            }}
          />
          <div className="field-row">
            <label>
              SKU
              <input
                list="demo-skus"
                value={request.sku}
                onChange={(event) => {
                  update({ sku: event.target.value.trim() });
                }}
                required
                pattern="[a-z0-9][a-z0-9\-]*"
              />
            </label>
            <datalist id="demo-skus">
              {DEMO_SKUS.map((sku) => (
                <option key={sku} value={sku} />
              ))}
            </datalist>
            <label>
              quantity
              <input
                type="number"
                min={1}
                max={1000}
                value={request.quantity}
                onChange={(event) => {
                  update({ quantity: Math.max(1, Number(event.target.value) || 1) });
                }}
              />
            </label>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={request.callback}
              disabled={!async}
              onChange={(event) => {
                update({ callback: event.target.checked });
              }}
            />
            webhook callback to the console (async)
          </label>
        </>
      )}
      <button type="submit" className="primary" disabled={placing}>
        {placing ? 'Placing…' : `Place ${request.mode} order`}
      </button>
      {error === undefined ? null : <Problem title="Not placed:">{error}</Problem>}
    </form>
  );
}
