/** Orders counted by what happened to them. A sync order is placed and confirmed by the same event. */
export interface OrderCounts {
  placed: number;
  confirmed: number;
  rejected: number;
  /** Orders cancelled after they were counted (their sales stay counted: the report shows what was sold). */
  cancelled: number;
}

export interface SalesTotals {
  currency: string;
  orders: number;
  units: number;
  revenueCents: number;
}

export interface SkuSales extends SalesTotals {
  sku: string;
}

export interface DaySales extends SalesTotals {
  /** UTC day of the sale, `YYYY-MM-DD`. */
  day: string;
}

export interface StockMovement {
  sku: string;
  reservedUnits: number;
  releasedUnits: number;
  reservations: number;
  rejections: number;
}

/** Everything the projections hold: the content `contentHash` covers. */
export interface ProjectionContent {
  orders: OrderCounts;
  revenue: SalesTotals[];
  bySku: SkuSales[];
  byDay: DaySales[];
  stockMovements: StockMovement[];
}
