/** Simplified Chinese messages of delivery.ts, loaded the first time a REST form renders in zh-CN. */
import type { DeliveryStrings } from './delivery.js';

const zhCN: DeliveryStrings = {
  sending: '正在提交您的信息…',
  pending: '感谢您！您的信息已保存在本设备上，恢复网络后会自动提交。',
  waiting: '感谢您！您的信息已保存在本设备上，一旦能连接到我们的服务器就会自动提交。',
  unsaved: '您的信息尚未提交，而且此浏览器不允许我们将其保存在本设备上。请保持此页面打开，我们会继续尝试提交。',
  refused: (fields) => (fields.length
    ? `抱歉，我们的服务器未接受您的信息（请检查：${fields.join('、')}）。请通过其他方式联系我们。`
    : '抱歉，我们的服务器未接受您的信息。请通过其他方式联系我们。'),
  unauthorized: (unsaved) => (unsaved
    ? '抱歉，您的信息未能提交：此表单设置有误，且此浏览器无法保留您的信息。请通过其他方式联系我们。'
    : '抱歉，您的信息暂未能提交：此表单设置有误。您的信息已保存在本设备上，问题修复后会自动提交；如有急事，请通过其他方式联系我们。'),
  failed: '抱歉，您的信息未能提交成功。请稍后再试，或通过其他方式联系我们。',
};

export default zhCN;
