/** An order as the API shows it. Money in integer cents. */
export interface Order {
  id: string;
  userId: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  /** How stock was reserved: grpc, rest or kafka (rmq comes later). */
  transport: string;
  items: { sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
  totalCents: number;
  currency: string;
  callbackUrl: string | null;
  createdAt: string;
}
