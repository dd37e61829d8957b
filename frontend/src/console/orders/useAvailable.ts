import { useQuery } from 'urql';
import { useCan } from '../viewer';
import { SkuStock } from './queries';
import { sumQuantities } from './status';

/** Available stock of a SKU over every warehouse, null while unknown or not readable. */
export function useAvailable(skuId: string | null | undefined): string | null {
  const canRead = useCan('inventory', 'read');
  const [{ data }] = useQuery({
    query: SkuStock,
    variables: { skuId: skuId ?? '' },
    pause: !skuId || !canRead,
    requestPolicy: 'cache-and-network',
  });
  if (!data) return null;
  return sumQuantities(data.stockLevels.edges.map((e) => e.node.available));
}
