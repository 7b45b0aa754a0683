// The dashboard's chart library: Apache ECharts with only what the overview draws (bar and line charts on a grid,
// with legend and tooltip, painted on canvas), bundled by esbuild (build/dashboard-vendor.sh) into one script that
// sets window.echarts. The whole library's "common" build is 0.7 MB; the browser reads this one in less time.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
window.echarts = echarts;
