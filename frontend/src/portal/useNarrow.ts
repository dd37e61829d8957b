import { Grid } from 'antd';

/** Below antd's `md` breakpoint (768 px) the portal shows cards instead of wide tables. */
export function useNarrow(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
