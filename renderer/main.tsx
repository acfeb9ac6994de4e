// Entry point of the renderer bundle (Electron window or browser mode page).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.js'
import { ToastProvider } from './components/Toasts.js'
import './styles/app.css'
import './styles/pending-joins.css'
import './styles/chat-record.css'
import './styles/files.css'
import './styles/announcements.css'
import './styles/bulletin.css'
import './styles/teams.css'
import './styles/conversations.css'
import './styles/record.css'
import './styles/clocks.css'
import './styles/call.css'

const root = document.getElementById('root')
if (root === null) throw new Error('no #root element')
createRoot(root).render(
  <StrictMode>
    <ToastProvider>
      <App />
    </ToastProvider>
  </StrictMode>
)
