import { App, Button, Card, Col, Empty, Flex, List, Row, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { BulletinView } from './BulletinView.tsx';
import { RaiseRequestForm } from './RaiseRequestForm.tsx';
import { Thread } from './Thread.tsx';
import { useBulletin, useBulletins, useGroup, useGroupLive, useIssueBulletin } from './hooks.ts';

/** A linkage group: its members, the live thread, the liaison's request form and the daily bulletins. */
export default function GroupPage() {
  const { t } = useTranslation('linkage');
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const group = useGroup(id);
  const live = useGroupLive(id);
  if (group.error) return <ErrorState status="error" title={errorText(group.error)} />;
  if (!group.data) return <Loading label={t('groups.title')} />;
  const g = group.data;
  return (
    <div data-live={live}>
      <PageHeader
        title={g.name}
        subtitle={<>{t('groups.vacuum')}：{g.vacuumCompounds.map((c) => c.name).join('、') || t('groups.none')} <Tag>{t(`group.live.${live}`)}</Tag></>}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Bulletins groupId={id} mySide={g.mySide} />
            <Thread groupId={id} canPost={g.mySide !== null} />
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            {g.mySide === 'community' && <RaiseRequestForm groupId={id} compounds={g.vacuumCompounds} />}
            <Card size="small" title={t('group.members')}>
              <List
                size="small"
                dataSource={g.members}
                renderItem={(m) => (
                  <List.Item>
                    <span>{m.name}</span>
                    <span>
                      <Tag color={m.side === 'heating' ? 'orange' : 'blue'}>{t(`side.${m.side}`)}</Tag>
                      {m.phone && <Typography.Text copyable>{m.phone}</Typography.Text>}
                    </span>
                  </List.Item>
                )}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

function Bulletins({ groupId, mySide }: { groupId: number; mySide: 'heating' | 'community' | null }) {
  const { t } = useTranslation('linkage');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const list = useBulletins(groupId);
  const [chosen, setChosen] = useState<number>();
  const current = chosen ?? list.data?.items[0]?.id;
  const bulletin = useBulletin(current);
  const issue = useIssueBulletin(groupId);
  return (
    <Card
      size="small"
      title={t('bulletin.title')}
      extra={
        <Flex gap={8}>
          {(list.data?.items.length ?? 0) > 1 && (
            <Select size="small" style={{ width: 140 }} value={current} onChange={setChosen} aria-label={t('bulletin.list')}
              options={list.data!.items.map((b) => ({ value: b.id, label: b.bulletinDate }))} />
          )}
          {current && <Link to={`/linkage/bulletins/${current}`}>{t('bulletin.print')}</Link>}
          {user.role === 'admin' && (
            <Button size="small" loading={issue.isPending} onClick={() => issue.mutate(undefined, { onError: (e) => void message.error(errorText(e)) })}>
              {t('bulletin.issue')}
            </Button>
          )}
        </Flex>
      }
    >
      {bulletin.data ? (
        <BulletinView bulletin={bulletin.data} mySide={mySide} />
      ) : list.isLoading || bulletin.isLoading ? (
        <Loading label={t('bulletin.title')} />
      ) : (
        <Empty description={t('bulletin.none')} />
      )}
    </Card>
  );
}
