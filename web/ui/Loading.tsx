import { Flex, Spin } from 'antd';

/** Placeholder while a lazy page or the session loads; fills the space the page will take. */
export function Loading({ label }: { label: string }) {
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240, width: '100%' }}>
      <Spin size="large" description={label} />
    </Flex>
  );
}
