/** The later of two moments (a publish's acknowledgement, a consumer's receipt): when both had happened. */
export function laterOf([a, b]: readonly [bigint, bigint]): bigint {
  return a > b ? a : b;
}
