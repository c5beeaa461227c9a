import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Every chart draws on canvas; each caller registers (echarts.use) only the chart types and
// components it uses, so the bundle carries no more of ECharts than the pages need.
echarts.use([CanvasRenderer]);

interface Props {
  option: EChartsCoreOption;
  height: number;
  /** Text for screen readers: a canvas has none of its own. */
  ariaLabel: string;
}

/**
 * One ECharts instance bound to a div: created once, given each new option, resized with its box
 * and disposed with the component. Under automation (navigator.webdriver) animation is off, so a
 * screenshot shows the finished chart rather than bars half-grown.
 */
export function EChart({ option, height, ariaLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ ...option, animation: !navigator.webdriver }, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
