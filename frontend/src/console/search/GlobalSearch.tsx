import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, type InputRef } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { GlobalSearchQuery } from '../../gql/graphql';
import { invoicePath, orderPath } from '../links';

const GlobalSearchDocument = graphql(`
  query GlobalSearch($text: String!) {
    search(text: $text, first: 5) {
      orders {
        id
        number
        externalRef
        customer {
          name
        }
      }
      customers {
        id
        name
        email
      }
      products {
        id
        code
        name
      }
      invoices {
        id
        number
        customerName
      }
    }
  }
`);

const MIN_LENGTH = 2;
const DEBOUNCE_MS = 250;

type Found = GlobalSearchQuery['search'];
interface Hit {
  path: string;
  title: string;
  detail?: string | null;
}

/** Where each kind of result opens. */
function hitsOf(found: Found): Record<'orders' | 'customers' | 'products' | 'invoices', Hit[]> {
  const id = encodeURIComponent;
  return {
    orders: (found.orders ?? []).map((o) => ({
      path: orderPath(o.number),
      title: o.number,
      detail: [o.externalRef, o.customer?.name].filter(Boolean).join(' · '),
    })),
    customers: (found.customers ?? []).map((c) => ({
      path: `/customers?open=${id(c.id)}`,
      title: c.name,
      detail: c.email,
    })),
    products: (found.products ?? []).map((p) => ({
      path: `/products?open=${id(p.id)}`,
      title: p.name,
      detail: p.code,
    })),
    invoices: (found.invoices ?? []).map((i) => ({
      path: invoicePath(i.number),
      title: i.number,
      detail: i.customerName,
    })),
  };
}

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [value]);
  return settled;
}

/** `/` (outside a text field) or Ctrl/Cmd+K focuses the search box. */
function useSearchShortcut(focus: () => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        !!target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      const slash = event.key === '/' && !typing;
      const ctrlK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey);
      if (!slash && !ctrlK) return;
      event.preventDefault();
      focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focus]);
}

/** The console header's search: orders, customers, products and invoices the user may see,
 * grouped by kind; Enter (or a click) opens the highlighted record. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const term = useDebounced(text.trim());
  const [{ data, fetching }] = useQuery({
    query: GlobalSearchDocument,
    variables: { text: term },
    pause: term.length < MIN_LENGTH,
  });
  const focus = useCallback(() => input.current?.focus(), []);
  useSearchShortcut(focus);

  const groups = data && term.length >= MIN_LENGTH ? hitsOf(data.search) : null;
  const options = groups
    ? (Object.keys(groups) as (keyof typeof groups)[])
        .filter((kind) => groups[kind].length > 0)
        .map((kind) => ({
          label: <span data-testid={`search-group-${kind}`}>{t(`lists.search.${kind}`)}</span>,
          options: groups[kind].map((hit) => ({
            value: hit.path,
            label: (
              <div data-testid="search-hit">
                <strong>{hit.title}</strong>
                {hit.detail ? <span style={{ color: '#8c8c8c' }}> · {hit.detail}</span> : null}
              </div>
            ),
          })),
        }))
    : [];

  return (
    <AutoComplete
      style={{ width: 'min(360px, 40vw)' }}
      options={options}
      value={text}
      onChange={setText}
      defaultActiveFirstOption
      onSelect={(path: string) => {
        setText('');
        input.current?.blur();
        navigate(path);
      }}
      notFoundContent={
        groups && !fetching && options.length === 0 ? t('lists.search.nothing') : undefined
      }
    >
      <Input
        ref={input}
        prefix={<SearchOutlined />}
        placeholder={t('lists.search.placeholder')}
        aria-label={t('lists.search.label')}
        title={t('lists.search.hint')}
        data-testid="global-search"
        allowClear
      />
    </AutoComplete>
  );
}
