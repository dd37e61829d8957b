import { Checkbox, Table, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  actionColumns,
  grantKey,
  toggleGrant,
  toggleResource,
  type CatalogResource,
  type Grants,
} from './matrix';

interface MatrixProps {
  catalog: readonly CatalogResource[];
  grants: Grants;
  readOnly: boolean;
  onChange: (grants: Grants) => void;
}

/** Resources × actions; a checkbox per action the resource offers. */
export function PermissionMatrix({ catalog, grants, readOnly, onChange }: MatrixProps) {
  const { t } = useTranslation();
  const resourceLabel = (resource: string) =>
    t(`resources.${resource}`, { defaultValue: resource });
  const actionLabel = (action: string) => t(`actions.${action}`, { defaultValue: action });
  const columns = [
    {
      title: t('roles.resource'),
      key: 'resource',
      render: (_: unknown, entry: CatalogResource) => {
        const all = entry.actions.every((a) => grants.has(grantKey(entry.resource, a)));
        return (
          <Tooltip title={entry.description}>
            <Checkbox
              checked={all}
              disabled={readOnly}
              aria-label={t('roles.allActionsOf', { resource: resourceLabel(entry.resource) })}
              onChange={(e) => onChange(toggleResource(grants, entry, e.target.checked))}
            >
              {resourceLabel(entry.resource)}
            </Checkbox>
          </Tooltip>
        );
      },
    },
    ...actionColumns(catalog).map((action) => ({
      title: actionLabel(action),
      key: action,
      align: 'center' as const,
      render: (_: unknown, entry: CatalogResource) =>
        entry.actions.includes(action) ? (
          <Checkbox
            checked={grants.has(grantKey(entry.resource, action))}
            disabled={readOnly}
            aria-label={`${resourceLabel(entry.resource)}: ${actionLabel(action)}`}
            data-testid={`perm-${entry.resource}-${action}`}
            onChange={(e) =>
              onChange(toggleGrant(grants, entry.resource, action, e.target.checked))
            }
          />
        ) : (
          <span aria-hidden>—</span>
        ),
    })),
  ];
  return (
    <Table
      rowKey="resource"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={[...catalog]}
      scroll={{ x: true }}
    />
  );
}
