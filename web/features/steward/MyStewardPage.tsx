import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../ui/Loading.tsx';
import { useUser } from '../shell/session.ts';
import { useOwnHousehold } from './hooks.ts';
import { StewardLookup } from './StewardLookup.tsx';

/** The same lookup inside the app, already answered for the signed-in resident's own home. */
export default function MyStewardPage() {
  const { t } = useTranslation('steward');
  const user = useUser();
  const householdId = user.scopes.find((s) => s.kind === 'household')?.refId;
  const household = useOwnHousehold(householdId);
  const accountNo = household.data?.accountNo;
  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      {household.isLoading ? (
        <Loading label={t('find')} />
      ) : (
        <>
          {accountNo && <Typography.Paragraph type="secondary">{t('myHouseholdHint')}</Typography.Paragraph>}
          {/* Keyed by the account number so the lookup starts over once it is known. */}
          <StewardLookup key={accountNo ?? 'none'} initialAccountNo={accountNo} />
        </>
      )}
    </div>
  );
}
