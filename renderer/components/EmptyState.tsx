import type { ReactElement, ReactNode } from 'react'
import { Icon, type IconName } from './Icon.js'

export function EmptyState ({ title, text, actions, icon = 'lifebuoy' }: { title: string, text?: string, actions?: ReactNode, icon?: IconName }): ReactElement {
  return (
    <div className="empty">
      <Icon name={icon} size={36} />
      <h2>{title}</h2>
      {text !== undefined && <p>{text}</p>}
      {actions !== undefined && <div className="empty-actions">{actions}</div>}
    </div>
  )
}
