import type { ReactNode } from 'react';
import { Result } from 'antd';

interface Props {
  /** 403/404/500 pick antd's illustrations; 'error' is a plain red cross for everything else. */
  status: 403 | 404 | 500 | 'error' | 'warning';
  title: ReactNode;
  description?: ReactNode;
  /** Buttons that get the person moving again (go home, retry, reload). */
  actions?: ReactNode;
}

export function ErrorState({ status, title, description, actions }: Props) {
  const antStatus = typeof status === 'number' ? (String(status) as '403' | '404' | '500') : status;
  return <Result status={antStatus} title={title} subTitle={description} extra={actions} />;
}
