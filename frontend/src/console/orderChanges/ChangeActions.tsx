import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { useCan } from '../viewer';
import type { ChangeRequest } from './ChangeSummary';
import type { PendingDecision } from './DecideChangeModal';
import { WithdrawOrderChange } from './queries';

/** Approve / reject for approvers (never on their own request), withdraw for the requester. */
export function ChangeActions({
  request,
  onDecide,
  onChanged,
}: {
  request: ChangeRequest;
  onDecide: (pending: PendingDecision) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayApprove = useCan('order_changes', 'approve');
  const [{ fetching }, withdraw] = useMutation(WithdrawOrderChange);
  if (request.status !== 'OPEN') return null;

  const takeBack = async () => {
    const result = await withdraw({ id: request.id });
    const errors = result.data?.withdrawOrderChange.userErrors ?? [];
    if (result.error || errors.length > 0) {
      const first = errors[0];
      void message.error(
        first
          ? t(`errors.${first.code}`, { defaultValue: first.message })
          : t('states.networkError'),
      );
      return;
    }
    void message.success(t('orderChanges.withdrawn'));
    onChanged();
  };

  const decide = (decision: PendingDecision['decision']) =>
    onDecide({ requestId: request.id, orderNumber: request.orderNumber, decision });
  return (
    <Space wrap>
      {mayApprove && !request.requestedByMe && (
        <>
          <Button size="small" type="primary" onClick={() => decide('APPROVE')}>
            {t('orderChanges.approve')}
          </Button>
          <Button size="small" danger onClick={() => decide('REJECT')}>
            {t('orderChanges.reject')}
          </Button>
        </>
      )}
      {request.requestedByMe && (
        <Button size="small" loading={fetching} onClick={takeBack}>
          {t('orderChanges.withdraw')}
        </Button>
      )}
    </Space>
  );
}
