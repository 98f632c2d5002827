/** The type name of the next version: `commlab.order.placed.v1` → `commlab.order.placed.v2`. */
export function nextVersionOf(type: string): string {
  const versioned = /^(.*\.v)(\d+)$/.exec(type);
  if (versioned?.[1] === undefined || versioned[2] === undefined) return `${type}.v2`;
  return `${versioned[1]}${Number(versioned[2]) + 1}`;
}
