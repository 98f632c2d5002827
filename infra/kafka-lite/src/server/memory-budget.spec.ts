import { MemoryBudget } from './memory-budget';

describe('MemoryBudget', () => {
  it('grants reservations in order once enough is released', () => {
    const budget = new MemoryBudget(100);
    const granted: string[] = [];
    expect(budget.reserve(60, () => granted.push('never'))).toBe(true);
    expect(budget.reserve(50, () => granted.push('big'))).toBe(false);
    // A small request queues behind the big one instead of overtaking it.
    expect(budget.reserve(10, () => granted.push('small'))).toBe(false);
    expect(budget.waiters).toBe(2);
    budget.release(60);
    expect(granted).toEqual(['big', 'small']);
    expect(budget.used).toBe(60);
  });

  it('counts unsent replies per owner and wakes waiters when they drain', () => {
    const budget = new MemoryBudget(100);
    const owner = {};
    budget.setReplyBytes(owner, 80);
    expect(budget.available).toBe(20);
    let granted = false;
    expect(
      budget.reserve(50, () => {
        granted = true;
      }),
    ).toBe(false);
    budget.setReplyBytes(owner, 0);
    expect(granted).toBe(true);
  });

  it('forgets a cancelled waiter', () => {
    const budget = new MemoryBudget(10);
    const grant = jest.fn();
    budget.reserve(20, grant);
    budget.cancel(grant);
    expect(budget.waiters).toBe(0);
    expect(grant).not.toHaveBeenCalled();
  });
});
