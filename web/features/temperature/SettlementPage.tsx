import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, InputNumber, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../ui/money.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useRunSettlement, useStatement } from './hooks.ts';
import { StatementTable } from './StatementTable.tsx';

/** The season that started last autumn (or this one, from September). */
function currentSeason(): string {
  const now = new Date();
  const y = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}

/**
 * Settlement (减免结算) for the business office: run it on demand or at season end — running it
 * twice credits nothing new — and read any household's statement day by day.
 */
export default function SettlementPage() {
  const { t } = useTranslation('temperature');
  const errorText = useErrorText();
  const run = useRunSettlement();
  const [season, setSeason] = useState(currentSeason());
  const [householdId, setHouseholdId] = useState<number | null>(null);
  const [shown, setShown] = useState<number>();
  const statement = useStatement({ ...(shown !== undefined && { householdId: shown }), season }, shown !== undefined);

  return (
    <div>
      <PageHeader title={t('settlement.title')} subtitle={t('settlement.subtitle')} />
      <Card>
        <Flex gap={8} wrap align="center">
          <span>{t('settlement.season')}</span>
          <Input aria-label={t('settlement.season')} value={season} onChange={(e) => setSeason(e.target.value)} style={{ width: 120 }} />
          <Button type="primary" loading={run.isPending} onClick={() => run.mutate({ season })}>{t('settlement.run')}</Button>
        </Flex>
        {run.error && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginTop: 12 }} />}
        {run.data && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            title={t('settlement.done', { households: run.data.households, amount: formatFen(run.data.creditedFen), notes: run.data.creditNotes })}
            description={run.data.skipped.length > 0 && (
              <List size="small" header={t('settlement.skipped')} dataSource={run.data.skipped} renderItem={(s) => <List.Item>#{s.householdId}: {s.reason}</List.Item>} />
            )}
          />
        )}
      </Card>
      <Card title={t('settlement.lookup')} style={{ marginTop: 12 }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <InputNumber aria-label={t('settlement.householdId')} placeholder={t('settlement.householdId')} min={1} value={householdId} onChange={(v) => setHouseholdId(v)} style={{ width: 160 }} />
          <Button onClick={() => householdId && setShown(householdId)}>{t('settlement.show')}</Button>
        </Flex>
        {statement.error && <Alert type="error" showIcon title={errorText(statement.error)} />}
        {statement.data && <StatementTable statement={statement.data} />}
      </Card>
    </div>
  );
}
