import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const STEP = 440; // two columns

function edgeStyle(side: 'left' | 'right') {
  return {
    position: 'absolute',
    top: 0,
    bottom: 12,
    [side]: 0,
    width: 48,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    background: `linear-gradient(to ${side}, rgba(245, 245, 245, 0), rgba(245, 245, 245, 0.95))`,
    zIndex: 1,
  } as const;
}

/** The board's columns in a row that scrolls sideways, with a fade and a button on each side
 * that still has columns off-screen: without them nothing told there were more. */
export function BoardScroller({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const row = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  const measure = useCallback(() => {
    const element = row.current;
    if (!element) return;
    const left = element.scrollLeft > 1;
    const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
    setMore((current) =>
      current.left === left && current.right === right ? current : { left, right },
    );
  }, []);
  useEffect(() => {
    const element = row.current;
    if (!element) return undefined;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [measure, children]);
  const scroll = (by: number) => row.current?.scrollBy({ left: by, behavior: 'smooth' });
  return (
    <div style={{ position: 'relative' }}>
      {more.left && (
        <div style={edgeStyle('left')}>
          <Button
            shape="circle"
            icon={<LeftOutlined />}
            aria-label={t('consoleLayout.board.scrollLeft')}
            onClick={() => scroll(-STEP)}
          />
        </div>
      )}
      <div
        ref={row}
        onScroll={measure}
        style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 12 }}
        data-testid="order-board"
      >
        {children}
      </div>
      {more.right && (
        <div style={edgeStyle('right')}>
          <Button
            shape="circle"
            icon={<RightOutlined />}
            aria-label={t('consoleLayout.board.scrollRight')}
            onClick={() => scroll(STEP)}
          />
        </div>
      )}
    </div>
  );
}
