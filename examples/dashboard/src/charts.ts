// ECharts imported by part, so the first load carries only the charts the dashboard draws.
import { BarChart, GraphChart, LineChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  TreemapChart,
  GraphChart,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  LegendComponent,
  SVGRenderer,
]);

export { init };
