import { Alert, Button, Card, Descriptions } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useLedgerCheck } from './hooks.ts';

/** The admin's proof that no fen went missing: the whole journal and every household balance. */
export default function LedgerPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const check = useLedgerCheck();
  const c = check.data;
  const list = (ids: number[]) => (ids.length ? ids.join(', ') : t('ledger.none'));
  return (
    <div style={{ maxWidth: 760 }}>
      <PageHeader
        title={t('ledger.title')}
        subtitle={t('ledger.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} loading={check.isFetching} onClick={() => void check.refetch()}>
            {t('ledger.recheck')}
          </Button>
        }
      />
      {check.isLoading && <Loading label={t('ledger.title')} />}
      {check.error && <ErrorState status="error" title={t('loadFailed')} description={errorText(check.error)} />}
      {c && (
        <Card>
          <Alert
            type={c.balanced ? 'success' : 'error'}
            showIcon
            title={c.balanced ? t('ledger.balanced') : t('ledger.unbalanced')}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('ledger.debit')}>{formatFen(c.debitFen, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.credit')}>{formatFen(c.creditFen, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.unbalancedTx')}>{list(c.unbalancedTransactions)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.householdsOut')}>{list(c.householdsOutOfStep)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.billRunsOut')}>{list(c.billRunsOutOfStep)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.branchesOut')}>{list(c.branchesOutOfStep)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </div>
  );
}
