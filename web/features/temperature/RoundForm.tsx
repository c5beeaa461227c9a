import { useState } from 'react';
import { Alert, Button, Flex, Form, InputNumber, Switch, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHECKS, READING_KEYS, type NewRound, type PlanView, type RoundView } from '../../../server/modules/temperature/patrols.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { PhotoPicker, pickedFiles } from '../../ui/PhotoPicker.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { uploadPhotos, useRecordRound } from './hooks.ts';

type Values = Pick<NewRound, 'checklist' | 'readings'>;

/** What a saved round brings back: the round, its photos' urls, and photos that were refused. */
export interface RoundDone {
  round: RoundView;
  photoUrls: string[];
  photoProblems: string[];
}

/** One patrol round on a phone: the checklist as switches (all on = fine), the six readings, photos. */
export function RoundForm({ plan, onDone }: { plan: PlanView; onDone: (r: RoundDone) => void }) {
  const { t } = useTranslation('temperature');
  const [form] = Form.useForm<Values>();
  const round = useRecordRound();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [problem, setProblem] = useState<string>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const send = (v: Values) => {
    const readings = Object.fromEntries(Object.entries(v.readings ?? {}).filter(([, x]) => typeof x === 'number'));
    const target = plan.targetKind === 'station' ? { stationId: plan.targetId } : { pipeSegmentId: plan.targetId };
    setProblem(undefined);
    round.mutate({ ...target, checklist: v.checklist, readings }, {
      // The round is saved first; its photos follow, each on its own.
      onSuccess: (r) => {
        const problems: string[] = [];
        setUploading(true);
        void uploadPhotos({ roundId: r.id }, pickedFiles(photos), (f, err) => problems.push(t('patrols.photoFailed', { name: f.name, reason: errorText(err) })))
          .then((saved) => onDone({ round: r, photoUrls: saved.map((p) => p.url), photoProblems: problems }))
          .finally(() => setUploading(false));
      },
      onError: (err) => setProblem([errorText(err), ...(err instanceof ApiError ? applyFieldErrors(form, err) : [])].join(' ')),
    });
  };
  return (
    <Form<Values> form={form} layout="vertical" onFinish={send} initialValues={{ checklist: Object.fromEntries(CHECKS.map((c) => [c, true])), readings: {} }}>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Flex wrap gap={16}>
        {CHECKS.map((c) => (
          <Form.Item key={c} name={['checklist', c]} label={t(`patrols.checks.${c}`)} valuePropName="checked">
            <Switch />
          </Form.Item>
        ))}
      </Flex>
      <Flex wrap gap={8}>
        {READING_KEYS.map((k) => (
          <Form.Item key={k} name={['readings', k]} label={t(`patrols.keys.${k}`)} style={{ flex: '1 1 150px' }}>
            <InputNumber size="large" step={k.endsWith('Mpa') ? 0.01 : 0.5} inputMode="decimal" style={{ width: '100%' }} />
          </Form.Item>
        ))}
      </Flex>
      <Form.Item label={t('patrols.photos')}>
        <PhotoPicker value={photos} onChange={setPhotos} max={6} label={t('patrols.addPhoto')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={round.isPending || uploading}>{t('patrols.submit')}</Button>
    </Form>
  );
}
