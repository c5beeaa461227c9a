import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { USER_FAULTS, type ComplaintView, type MeasurementView, type NewMeasurement } from '../../../server/modules/temperature/temperature.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useGuide, useInstruments, useRecordMeasurement } from './hooks.ts';

interface PointValues {
  stabilityMinutes: number;
  stabilityDeltaC: number;
  readings: string;
}
interface Values {
  /** Empty = now; a paper record measured on site earlier is entered with its own time. */
  measuredAt?: Dayjs;
  instrumentId: number;
  outdoorMeanC: number;
  doorsWindowsClosed: boolean;
  userFaults: NewMeasurement['userFaults'];
  residentAcknowledged: boolean;
  residentName?: string;
  rooms: { room: string; label?: string; areaM2: number; points: PointValues[] }[];
}

const point = (): PointValues => ({ stabilityMinutes: 10, stabilityDeltaC: 0.1, readings: '' });

/** "15.2, 15.3 15.1" → [15.2, 15.3, 15.1]; anything unreadable is left for the server to refuse. */
function parseReadings(text: string): number[] {
  return text.split(/[\s,，、]+/).filter(Boolean).map(Number);
}

/**
 * The official measurement form on the steward's phone: instrument, outdoor mean, the method's
 * confirmations, and rooms with their points and readings. The finding is not a field: the
 * server computes it and every method problem comes back under the field it concerns.
 */
export function MeasureForm({ complaint, onDone }: { complaint: ComplaintView; onDone: (m: MeasurementView) => void }) {
  const { t } = useTranslation('temperature');
  const [form] = Form.useForm<Values>();
  const instruments = useInstruments();
  const guide = useGuide();
  const record = useRecordMeasurement();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [problem, setProblem] = useState<string>();
  const g = guide.data;

  const send = (v: Values) => {
    const body: NewMeasurement = {
      householdId: complaint.householdId,
      complaintId: complaint.id,
      ...(v.measuredAt && { measuredAt: v.measuredAt.toISOString() }),
      instrumentId: v.instrumentId,
      outdoorMeanC: v.outdoorMeanC,
      doorsWindowsClosed: v.doorsWindowsClosed,
      userFaults: v.userFaults ?? [],
      residentAcknowledged: v.residentAcknowledged,
      ...(v.residentName?.trim() && { residentName: v.residentName.trim() }),
      rooms: v.rooms.map((r) => ({
        room: r.room,
        ...(r.label?.trim() && { label: r.label.trim() }),
        areaM2: r.areaM2,
        points: r.points.map((p) => ({ stabilityMinutes: p.stabilityMinutes, stabilityDeltaC: p.stabilityDeltaC, readings: parseReadings(p.readings) })),
      })),
    };
    setProblem(undefined);
    record.mutate(body, {
      onSuccess: onDone,
      onError: (err) => setProblem([errorText(err), ...(err instanceof ApiError ? applyFieldErrors(form, err) : [])].join(' ')),
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={send}
      initialValues={{ doorsWindowsClosed: false, residentAcknowledged: false, userFaults: [], rooms: [{ room: 'bedroom', areaM2: 12, points: [point()] }] }}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form.Item name="instrumentId" label={t('measure.instrument')} rules={[{ required: true }]}>
        <Select
          size="large"
          loading={instruments.isPending}
          options={(instruments.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.serialNo} · ${i.model} · ≤ ${i.calibrationDueOn}` }))}
        />
      </Form.Item>
      <Form.Item name="measuredAt" label={t('measure.measuredAt')}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          size="large"
          style={{ width: '100%' }}
          minDate={dayjs(complaint.openedAt)}
          maxDate={dayjs()}
        />
      </Form.Item>
      <Form.Item name="outdoorMeanC" label={t('measure.outdoor')} rules={[{ required: true }]}>
        <InputNumber min={-30} max={50} step={0.1} size="large" inputMode="decimal" style={{ width: '100%' }} />
      </Form.Item>
      <Form.List name="rooms">
        {(rooms, { add, remove }) => (
          <>
            {rooms.map((room) => (
              <Card key={room.key} size="small" style={{ marginBottom: 12 }} title={`${t('measure.rooms')} ${room.name + 1}`}
                extra={rooms.length > 1 && <Button type="link" danger onClick={() => remove(room.name)}>{t('measure.removeRoom')}</Button>}>
                <Flex gap={8} wrap>
                  <Form.Item name={[room.name, 'room']} label={t('measure.roomKind')} style={{ flex: '1 1 140px' }}>
                    <Select size="large" options={(g?.rooms ?? ['bedroom', 'living_room']).map((r) => ({ value: r, label: t(`room.${r as 'bedroom'}`, { defaultValue: r }) }))} />
                  </Form.Item>
                  <Form.Item name={[room.name, 'areaM2']} label={t('measure.area')} rules={[{ required: true }]} style={{ flex: '1 1 100px' }}>
                    <InputNumber min={1} max={500} size="large" inputMode="decimal" style={{ width: '100%' }} />
                  </Form.Item>
                </Flex>
                <Form.List name={[room.name, 'points']}>
                  {(points, ops) => (
                    <>
                      {g && <div style={{ marginBottom: 8, color: '#8c8c8c' }}>{t('measure.points', { area: g.largeRoomM2, large: g.pointsLargeRoom, small: g.pointsSmallRoom })}</div>}
                      {points.map((p) => (
                        <Flex key={p.key} gap={8} wrap align="flex-end" style={{ borderTop: '1px dashed #f0f0f0', paddingTop: 8 }}>
                          <Form.Item name={[p.name, 'readings']} label={`${t('measure.point', { n: p.name + 1 })} · ${t('measure.readings')}`} style={{ flex: '2 1 220px' }}>
                            <Input size="large" inputMode="decimal" placeholder="15.2, 15.2, 15.3" />
                          </Form.Item>
                          <Form.Item name={[p.name, 'stabilityMinutes']} label={t('measure.stabilityMinutes')} style={{ flex: '1 1 100px' }}>
                            <InputNumber min={0} max={240} size="large" style={{ width: '100%' }} />
                          </Form.Item>
                          <Form.Item name={[p.name, 'stabilityDeltaC']} label={t('measure.stabilityDelta')} style={{ flex: '1 1 100px' }}>
                            <InputNumber min={0} max={10} step={0.1} size="large" style={{ width: '100%' }} />
                          </Form.Item>
                        </Flex>
                      ))}
                      <Flex gap={8}>
                        <Button onClick={() => ops.add(point())}>+ {t('measure.point', { n: points.length + 1 })}</Button>
                        {points.length > 1 && <Button onClick={() => ops.remove(points.length - 1)}>−</Button>}
                      </Flex>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button block onClick={() => add({ room: 'living_room', areaM2: 14, points: [point()] })} style={{ marginBottom: 12 }}>{t('measure.addRoom')}</Button>
          </>
        )}
      </Form.List>
      <Form.Item name="doorsWindowsClosed" valuePropName="checked">
        <Checkbox>{t('measure.doorsClosed')}</Checkbox>
      </Form.Item>
      <Form.Item name="userFaults" label={t('measure.faults')}>
        <Checkbox.Group options={USER_FAULTS.map((f) => ({ value: f, label: t(`fault.${f}`) }))} />
      </Form.Item>
      <Flex gap={12} wrap align="center">
        <Form.Item name="residentAcknowledged" label={t('measure.ack')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="residentName" label={t('measure.residentName')} style={{ flex: '1 1 160px' }}>
          <Input maxLength={40} />
        </Form.Item>
      </Flex>
      <Button type="primary" htmlType="submit" size="large" block loading={record.isPending}>{t('measure.submit')}</Button>
    </Form>
  );
}
