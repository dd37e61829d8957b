import { Select } from 'antd';
import { useState } from 'react';
import { useQuery } from 'urql';
import { CustomerPicker } from '../catalog/queries';
import { useCan } from '../viewer';

/** A searchable customer picker; `known` labels a customer chosen before any search. */
export function CustomerSearchSelect(props: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  known?: { id: string; name: string } | null;
  id?: string;
  placeholder?: string;
  'aria-label'?: string;
  style?: React.CSSProperties;
}) {
  const [search, setSearch] = useState('');
  const canRead = useCan('customers', 'read');
  const [{ data, fetching }] = useQuery({
    query: CustomerPicker,
    variables: { search: search || null },
    pause: !canRead,
  });
  const options = new Map<string, string>();
  if (props.known) options.set(props.known.id, props.known.name);
  for (const edge of data?.customers.edges ?? []) options.set(edge.node.id, edge.node.name);
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      placeholder={props.placeholder}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      loading={fetching}
      value={props.value ?? undefined}
      onChange={(value?: string) => props.onChange?.(value)}
      style={props.style ?? { minWidth: 240 }}
      options={[...options].map(([value, label]) => ({ value, label }))}
    />
  );
}
