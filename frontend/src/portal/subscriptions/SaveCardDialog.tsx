import { CreditCardOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Spin, Typography, message } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { PortalSubscriptionFieldsFragment } from '../../gql/graphql';
import { loadStripeJs } from '../stripeJs';
import type { StripeCardElement, StripeError, StripeInstance } from '../stripeJs';

const PortalCardOptions = graphql(`
  query PortalCardOptions {
    portalPaymentOptions {
      onlinePaymentAvailable
    }
  }
`);

const StartMySubscriptionCardSetup = graphql(`
  mutation StartMySubscriptionCardSetup($input: StartMySubscriptionCardSetupInput!) {
    startMySubscriptionCardSetup(input: $input) {
      setup {
        setupIntentId
        clientSecret
        publishableKey
        stripeJsUrl
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const SaveMySubscriptionCard = graphql(`
  mutation SaveMySubscriptionCard($input: SaveMySubscriptionCardInput!) {
    saveMySubscriptionCard(input: $input) {
      subscription {
        ...PortalSubscriptionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const RemoveMySubscriptionCard = graphql(`
  mutation RemoveMySubscriptionCard($input: RemoveMySubscriptionCardInput!) {
    removeMySubscriptionCard(input: $input) {
      subscription {
        ...PortalSubscriptionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

interface CardSetup {
  setupIntentId: string;
  clientSecret: string;
  publishableKey: string;
  stripeJsUrl: string;
}

interface SetupIntentResult {
  error?: StripeError | null;
  setupIntent?: { id: string; status: string };
}

/** Stripe.js as used here: the card element, and confirming a SetupIntent with it. */
type SetupCapableStripe = StripeInstance & {
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: StripeCardElement } },
  ): Promise<SetupIntentResult>;
};

interface Mounted {
  stripe: SetupCapableStripe;
  card: StripeCardElement;
}

type UserErrors = readonly { code: string; message: string }[] | undefined;

function useErrorText() {
  const { t } = useTranslation();
  return (errors: UserErrors): string | null => {
    const first = errors?.[0];
    return first
      ? t([`portalSubscriptions.card.errors.${first.code}`, `errors.${first.code}`], {
          defaultValue: first.message,
        })
      : null;
  };
}

/** Stripe's card element for a SetupIntent: confirms it, then asks the API to keep the card. */
function CardSetupForm({
  subscriptionId,
  setup,
  onSaved,
}: {
  subscriptionId: string;
  setup: CardSetup;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const mountPoint = useRef<HTMLDivElement>(null);
  const [mounted, setMounted] = useState<Mounted | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [, saveCard] = useMutation(SaveMySubscriptionCard);

  useEffect(() => {
    let cancelled = false;
    let card: StripeCardElement | null = null;
    loadStripeJs(setup.stripeJsUrl)
      .then((Stripe) => {
        const target = mountPoint.current;
        if (cancelled || !target) return;
        const stripe = Stripe(setup.publishableKey) as SetupCapableStripe;
        card = stripe.elements().create('card');
        card.mount(target);
        setMounted({ stripe, card });
      })
      .catch(() => {
        if (!cancelled) setLoadFailed(true);
      });
    return () => {
      cancelled = true;
      card?.destroy();
      setMounted(null);
    };
  }, [setup.stripeJsUrl, setup.publishableKey, setup.clientSecret]);

  const save = async () => {
    if (!mounted) return;
    setSaving(true);
    setFailure(null);
    try {
      const confirmed = await mounted.stripe.confirmCardSetup(setup.clientSecret, {
        payment_method: { card: mounted.card },
      });
      if (confirmed.error || confirmed.setupIntent?.status !== 'succeeded') {
        setFailure(confirmed.error?.message?.trim() || t('portalSubscriptions.card.failed'));
        return;
      }
      const result = await saveCard({
        input: { subscriptionId, setupIntentId: setup.setupIntentId },
      });
      const problem = result.error
        ? t('states.networkError')
        : errorText(result.data?.saveMySubscriptionCard.userErrors);
      if (problem) setFailure(problem);
      else onSaved();
    } catch {
      setFailure(t('portalSubscriptions.card.failed'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph>{t('portalSubscriptions.card.intro')}</Typography.Paragraph>
      <div
        ref={mountPoint}
        data-testid="stripe-card-element"
        style={{
          padding: '10px 12px',
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          minHeight: 40,
          overflowX: 'auto',
        }}
      />
      {!mounted && !loadFailed && (
        <Spin size="small">
          <div style={{ minHeight: 24 }} />
        </Spin>
      )}
      {loadFailed && (
        <Alert type="error" showIcon message={t('portalSubscriptions.card.formFailed')} />
      )}
      {failure && <Alert type="error" showIcon message={failure} data-testid="save-card-error" />}
      <Typography.Text type="secondary">
        <LockOutlined /> {t('portalSubscriptions.card.secured')}
      </Typography.Text>
      <Button
        type="primary"
        block
        loading={saving}
        disabled={!mounted}
        onClick={() => void save()}
        data-testid="save-card-submit"
      >
        {t('portalSubscriptions.card.submit')}
      </Button>
    </Space>
  );
}

/** "Save a card for renewals" on a subscription of the portal customer: Stripe's card form in
 * a dialog (a SetupIntent for off-session use), and "Remove card" once one is on file. */
export function SaveCardDialog({
  subscription,
}: {
  subscription: PortalSubscriptionFieldsFragment;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [setup, setSetup] = useState<CardSetup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, start] = useMutation(StartMySubscriptionCardSetup);
  const [{ fetching: removing }, remove] = useMutation(RemoveMySubscriptionCard);
  const [{ data: options }] = useQuery({ query: PortalCardOptions });

  const begin = async () => {
    setProblem(null);
    const result = await start({ input: { subscriptionId: subscription.id } });
    const payload = result.data?.startMySubscriptionCardSetup;
    const text = result.error ? t('states.networkError') : errorText(payload?.userErrors);
    if (text || !payload?.setup) return setProblem(text ?? t('states.networkError'));
    setSetup(payload.setup);
  };

  const forget = async () => {
    const result = await remove({ input: { subscriptionId: subscription.id } });
    const text = result.error
      ? t('states.networkError')
      : errorText(result.data?.removeMySubscriptionCard.userErrors);
    if (text) void message.error(text);
    else void message.success(t('portalSubscriptions.card.removed'));
  };

  // Cards are saved with Stripe: without it there is nothing to offer (a saved card can
  // still be removed).
  const stripeConnected = options?.portalPaymentOptions.onlinePaymentAvailable ?? false;
  if (!stripeConnected && !subscription.cardSaved) return null;
  return (
    <Space
      direction="vertical"
      size={8}
      style={{ marginBottom: 12 }}
      data-testid="portal-subscription-card"
    >
      <Space wrap>
        <Button
          icon={<CreditCardOutlined />}
          loading={fetching}
          onClick={() => void begin()}
          data-testid="save-card"
        >
          {subscription.cardSaved
            ? t('portalSubscriptions.card.replace')
            : t('portalSubscriptions.card.save')}
        </Button>
        {subscription.cardSaved && (
          <Button loading={removing} onClick={() => void forget()} data-testid="remove-card">
            {t('portalSubscriptions.card.remove')}
          </Button>
        )}
      </Space>
      {problem && (
        <Alert type="warning" showIcon message={problem} data-testid="save-card-problem" />
      )}
      <Modal
        open={setup !== null}
        title={t('portalSubscriptions.card.title', { number: subscription.number })}
        footer={null}
        onCancel={() => setSetup(null)}
        destroyOnHidden
        maskClosable={false}
      >
        <div data-testid="save-card-dialog">
          {setup && (
            <CardSetupForm
              key={setup.setupIntentId}
              subscriptionId={subscription.id}
              setup={setup}
              onSaved={() => {
                setSetup(null);
                void message.success(t('portalSubscriptions.card.savedMessage'));
              }}
            />
          )}
        </div>
      </Modal>
    </Space>
  );
}
