import './zodWithoutEval';
import './panel.css';
import { createRoot } from 'react-dom/client';
import { ActivityPanel } from './components/ActivityPanel';
import { hostChannel } from './host/vscodeApi';

const root = document.getElementById('root');
if (!root) throw new Error('Specwright panel: the page has no #root element; serve it with panelHtml().');
createRoot(root).render(<ActivityPanel host={hostChannel(acquireVsCodeApi())} />);
