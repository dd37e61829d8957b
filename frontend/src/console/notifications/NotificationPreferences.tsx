import { App, List, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { NotificationKind } from '../../gql/graphql';
import { ErrorState, LoadingState } from '../../shared/components/States';

const MyNotificationPreferences = graphql(`
  query MyNotificationPreferences {
    myNotificationPreferences {
      kind
      email
    }
  }
`);

const SetNotificationPreference = graphql(`
  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {
    setMyNotificationPreference(input: $input) {
      preferences {
        kind
        email
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

type Choice = 'default' | 'email' | 'inApp';

function choiceOf(email: boolean | null | undefined): Choice {
  if (email === true) return 'email';
  if (email === false) return 'inApp';
  return 'default';
}

const EMAIL_OF: Record<Choice, boolean | null> = { default: null, email: true, inApp: false };

/** Per kind of notice: email as well, in-app only, or the default (shown with what it is). */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyNotificationPreferences,
    requestPolicy: 'cache-and-network',
  });
  const [{ fetching: saving }, setPreference] = useMutation(SetNotificationPreference);

  if (error && !data) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (!data) return <LoadingState />;

  const choose = async (kind: NotificationKind, choice: Choice) => {
    const result = await setPreference({ input: { kind, email: EMAIL_OF[choice] } });
    if (result.error || (result.data?.setMyNotificationPreference.userErrors ?? []).length)
      return void message.error(t('notificationPreferences.notSaved'));
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section aria-labelledby="notification-preferences-title">
      <Typography.Title level={5} id="notification-preferences-title">
        {t('notificationPreferences.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('notificationPreferences.help')}
      </Typography.Paragraph>
      <List
        size="small"
        loading={fetching && !data}
        dataSource={data.myNotificationPreferences}
        renderItem={(preference) => (
          <List.Item
            data-testid={`notification-preference-${preference.kind}`}
            extra={
              <Select<Choice>
                size="small"
                style={{ width: 170 }}
                disabled={saving}
                aria-label={t(`notificationPreferences.kinds.${preference.kind}`)}
                value={choiceOf(preference.email)}
                onChange={(choice) => void choose(preference.kind, choice)}
                options={(['default', 'email', 'inApp'] as const).map((choice) => ({
                  value: choice,
                  label: t(`notificationPreferences.choices.${choice}`),
                }))}
              />
            }
          >
            <List.Item.Meta
              title={t(`notificationPreferences.kinds.${preference.kind}`)}
              description={t(
                preference.kind === 'ORDER_STATUS'
                  ? 'notificationPreferences.defaultAskedOnly'
                  : 'notificationPreferences.defaultEmail',
              )}
            />
          </List.Item>
        )}
      />
    </section>
  );
}
