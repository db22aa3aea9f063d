// Middleware in the style of grammY's Composer and Hono: each step does its part and calls next()
// to pass the turn on, or returns to stop it there.
export type Next = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: Next) => Promise<void>;

export function compose<C>(middlewares: ReadonlyArray<Middleware<C>>): (ctx: C) => Promise<void> {
  return (ctx) => {
    let last = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('next() called twice');
      last = i;
      const mw = middlewares[i];
      if (mw) await mw(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
