import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Checkbox, Flex, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreateOnlineOrder } from '../../../server/modules/billing/online.contract.ts';
import { ApiError } from '../../api.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { formatFen } from '../../ui/money.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useHouseholdBills } from './hooks.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import { useCreateOnlineOrder } from './online.hooks.ts';

const PROVIDERS = ['dev-wechat', 'dev-alipay'] as const;

/**
 * The resident chooses bills (all open ones ticked) and a provider on the phone, then goes to the
 * provider's cashier. Large tap targets and stacked layout keep it usable in large-text mode.
 */
export default function PayOnlinePage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const navigate = useNavigate();
  const householdId = useUser().scopes.find((s) => s.kind === 'household')?.refId;
  const bills = useHouseholdBills(householdId);
  const create = useCreateOnlineOrder();
  const open = (bills.data?.bills ?? []).filter((b) => b.balanceFen > 0);
  const [chosen, setChosen] = useState<number[]>();
  const [provider, setProvider] = useState<(typeof PROVIDERS)[number]>('dev-wechat');
  const attempt = useRef<{ key: string; body: string }>(undefined);
  const picked = chosen ?? open.map((b) => b.id);
  const total = open.filter((b) => picked.includes(b.id)).reduce((s, b) => s + b.balanceFen, 0);
  const money = (fen: number) => formatFen(fen, i18n.language);

  if (householdId === undefined) return <ErrorState status="warning" title={t('my.noHousehold')} />;
  if (bills.isLoading) return <Loading label={t('online.title')} />;

  const pay = () => {
    const body: CreateOnlineOrder = { householdId, provider, billIds: picked, amountFen: total, currency: 'CNY' };
    const json = JSON.stringify(body);
    // The same choice re-submitted (double tap, lost answer) reuses its key and gets the same order.
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    create.mutate({ body, key: attempt.current.key }, { onSuccess: (order) => void navigate(order.payUrl!) });
  };
  const problems = create.error instanceof ApiError ? create.error.fieldProblems : [];

  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('online.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('online.subtitle')}</Typography.Paragraph>
      {bills.error && <Alert type="error" showIcon title={errorText(bills.error)} />}
      <Flex vertical gap={12}>
        <Card size="small" title={t('online.chooseBills')}>
          {open.length === 0 ? (
            <Typography.Text>{t('online.nothingToPay')}</Typography.Text>
          ) : (
            <Checkbox.Group value={picked} onChange={(v) => setChosen(v)} style={{ width: '100%' }}>
              <Flex vertical gap={12} style={{ width: '100%' }}>
                {open.map((b) => (
                  <Checkbox key={b.id} value={b.id} data-testid="pay-bill" style={{ fontSize: '1.1em' }}>
                    {t('seasonLabel', { season: b.season })} · <Typography.Text strong>{t('online.due', { amount: money(b.balanceFen) })}</Typography.Text>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          )}
        </Card>
        <Card size="small" title={t('online.provider')}>
          <Radio.Group value={provider} onChange={(e) => setProvider(e.target.value as typeof provider)}>
            <Flex vertical gap={12}>
              {PROVIDERS.map((p) => (
                <Radio key={p} value={p} style={{ fontSize: '1.1em' }}>
                  {t(`online.${p}`)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Card>
        {create.error && (
          <Alert
            type="error"
            showIcon
            title={t('online.failed')}
            description={problems.length > 0 ? problems.map((p) => `${p.field}: ${problemText(p)}`).join('; ') : errorText(create.error)}
          />
        )}
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text style={{ fontSize: '1.2em' }}>
            {t('online.total')} <Typography.Text strong style={{ fontSize: '1.3em' }}>{money(total)}</Typography.Text>
          </Typography.Text>
          <Button type="primary" size="large" block={false} disabled={picked.length === 0 || total <= 0} loading={create.isPending} onClick={pay}>
            {t('online.pay', { amount: money(total) })}
          </Button>
        </Flex>
        {picked.length === 0 && open.length > 0 && <Typography.Text type="danger">{t('online.billsRequired')}</Typography.Text>}
      </Flex>
    </div>
  );
}
