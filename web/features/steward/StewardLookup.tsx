import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StewardQuery } from '../../../server/modules/tenure/steward.contract.ts';
import { ApiError } from '../../api.ts';
import { Loading } from '../../ui/Loading.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useBuildings, useCommunities, useCompounds, useSteward } from './hooks.ts';
import { StewardCard } from './StewardCard.tsx';

type Way = 'place' | 'account';
const ACCOUNT_NO = /^[0-9A-Za-z-]{4,32}$/;

/** Options of a pick list; antd's search matches the visible name. */
const options = (items: { id: number; name: string }[] | undefined) => (items ?? []).map((i) => ({ value: i.id, label: i.name }));

/**
 * Find the steward of a home: pick community → compound → building (each pick narrows the
 * next), or type the account number from the bill. Large controls throughout, stacked in one
 * column, so it works with a thumb and in large-text mode.
 */
export function StewardLookup({ initialAccountNo }: { initialAccountNo?: string | undefined }) {
  const { t } = useTranslation('steward');
  const errorText = useErrorText();
  const [way, setWay] = useState<Way>(initialAccountNo ? 'account' : 'place');
  const [communityId, setCommunityId] = useState<number>();
  const [compoundId, setCompoundId] = useState<number>();
  const [buildingId, setBuildingId] = useState<number>();
  const [accountNo, setAccountNo] = useState(initialAccountNo ?? '');
  const [submitted, setSubmitted] = useState<string | undefined>(initialAccountNo);
  const [accountError, setAccountError] = useState(false);
  const communities = useCommunities();
  const compounds = useCompounds(communityId);
  const buildings = useBuildings(compoundId);

  const query: StewardQuery | undefined =
    way === 'place' ? (buildingId ? { buildingId } : undefined) : submitted ? { accountNo: submitted } : undefined;
  const steward = useSteward(query);

  const findByAccount = () => {
    const v = accountNo.trim();
    setAccountError(!ACCOUNT_NO.test(v));
    if (ACCOUNT_NO.test(v)) setSubmitted(v);
  };
  const notFound = steward.error instanceof ApiError && steward.error.status === 404;

  return (
    <Flex vertical gap={16}>
      <Segmented<Way>
        block
        size="large"
        value={way}
        onChange={setWay}
        options={[
          { value: 'place', label: t('byPlace') },
          { value: 'account', label: t('byAccount') },
        ]}
      />
      {way === 'place' ? (
        <Form layout="vertical" size="large">
          <Form.Item label={t('community')} htmlFor="steward-community">
            <Select
              id="steward-community"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('pickCommunity')}
              loading={communities.isLoading}
              value={communityId}
              options={options(communities.data?.items)}
              onChange={(v: number) => {
                setCommunityId(v);
                setCompoundId(undefined);
                setBuildingId(undefined);
              }}
            />
          </Form.Item>
          <Form.Item label={t('compound')} htmlFor="steward-compound">
            <Select
              id="steward-compound"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('pickCompound')}
              disabled={!communityId}
              loading={compounds.isLoading}
              value={compoundId}
              options={options(compounds.data?.items)}
              onChange={(v: number) => {
                setCompoundId(v);
                setBuildingId(undefined);
              }}
            />
          </Form.Item>
          <Form.Item label={t('building')} htmlFor="steward-building">
            <Select
              id="steward-building"
              placeholder={t('pickBuilding')}
              disabled={!compoundId}
              loading={buildings.isLoading}
              value={buildingId}
              options={options(buildings.data?.items)}
              onChange={(v: number) => setBuildingId(v)}
            />
          </Form.Item>
        </Form>
      ) : (
        <Form layout="vertical" size="large" onFinish={findByAccount}>
          <Form.Item
            label={t('accountNo')}
            htmlFor="steward-account"
            extra={t('accountNoHint')}
            validateStatus={accountError ? 'error' : undefined}
            help={accountError ? t('accountNoInvalid') : undefined}
          >
            <Input id="steward-account" inputMode="numeric" autoComplete="off" value={accountNo} onChange={(e) => setAccountNo(e.target.value)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block>
            {t('find')}
          </Button>
        </Form>
      )}
      {steward.isFetching && !steward.data && <Loading label={t('find')} />}
      {notFound && <Alert type="warning" showIcon title={t('notFound')} />}
      {steward.isError && !notFound && <Alert type="error" showIcon title={t('loadFailed')} description={errorText(steward.error)} />}
      {steward.data && query && <StewardCard view={steward.data} />}
    </Flex>
  );
}
