import { Select } from 'antd';
import { useQuery } from 'urql';
import { WarehousesList } from './queries';

/** The tenant's warehouses (in the order the warehouse rule tries them). */
export function WarehouseSelect(props: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  allowClear?: boolean;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const [{ data, fetching }] = useQuery({
    query: WarehousesList,
    variables: { first: 100, activeOnly: false },
  });
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      placeholder={props.placeholder}
      allowClear={props.allowClear}
      loading={fetching}
      value={props.value}
      onChange={props.onChange}
      style={{ minWidth: 200 }}
      options={(data?.warehouses.edges ?? []).map((e) => ({
        value: e.node.id,
        label: `${e.node.code} · ${e.node.name}`,
      }))}
    />
  );
}
