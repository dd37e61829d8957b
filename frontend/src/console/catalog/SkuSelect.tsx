import { Select } from 'antd';
import { useState } from 'react';
import { useQuery } from 'urql';
import { SkuSearch } from './queries';

export interface SkuOption {
  id: string;
  code: string;
  name: string;
}

/** A searchable SKU picker; `known` labels SKUs already chosen before any search. */
export function SkuSelect(props: {
  value?: string;
  onChange?: (value: string) => void;
  known?: readonly SkuOption[];
  id?: string;
  'aria-label'?: string;
}) {
  const [search, setSearch] = useState('');
  const [{ data, fetching }] = useQuery({
    query: SkuSearch,
    variables: { search: search || null, first: 20 },
  });
  const found = (data?.skus.edges ?? []).map((e) => e.node);
  const byId = new Map<string, SkuOption>();
  for (const sku of [...(props.known ?? []), ...found]) byId.set(sku.id, sku);
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={fetching}
      value={props.value}
      onChange={props.onChange}
      style={{ minWidth: 220 }}
      options={[...byId.values()].map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
    />
  );
}
