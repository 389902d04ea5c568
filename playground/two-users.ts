/**
 * One user of the presence server, for trying real presence between browsers (and the e2e test): open
 * `two-users.html?user=alice` in one window and `?user=bob` in another. The contact list shows the other demo users
 * with live dots. `&autologin=0` waits for the "Log in" button; `&server=ws://host:port/` picks another server.
 */
import { createApp, defineComponent, h, ref } from 'vue'
import { createPinia } from 'pinia'
import { TUIKit } from '../src/plugin'
import { TUILogin, TUIUserService } from '../src/services'
import { TUIContact } from '../src/components/TUIContact'
import { toChatError } from '../src/engine/errors'
import '../src/styles/index.css'
import { connectToServer } from './server-engine'

const params = new URLSearchParams(location.search)
const userID = params.get('user') || 'alice'
document.title = `${userID} - presence server`

const engine = await connectToServer(userID).catch((error: unknown) => {
  document.body.textContent = toChatError(error).message
  throw error
})

const state = ref<'logged-out' | 'busy' | 'logged-in'>('logged-out')
const message = ref('')
const customStatus = ref('')

async function run(action: () => Promise<unknown>): Promise<void> {
  message.value = ''
  try {
    await action()
  } catch (error) {
    const { code, message: text } = toChatError(error)
    message.value = `${text} (${code})`
  }
}

async function login(): Promise<void> {
  state.value = 'busy'
  await run(async () => {
    await TUILogin.login({ userID, userSig: engine.token })
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
  })
  state.value = engine.isReady() ? 'logged-in' : 'logged-out'
}

async function logout(): Promise<void> {
  state.value = 'busy'
  await run(() => TUILogin.logout())
  state.value = engine.isReady() ? 'logged-in' : 'logged-out'
}

const Page = defineComponent({
  name: 'TwoUsersPage',
  setup() {
    return () =>
      h('main', { class: 'two-users', style: 'font-family: system-ui, sans-serif; max-width: 420px; margin: 24px auto;' }, [
        h('h1', { style: 'font-size: 20px' }, `You are ${userID}`),
        h('p', { 'data-testid': 'state' }, state.value === 'logged-in' ? 'Logged in' : state.value === 'busy' ? 'Working…' : 'Logged out'),
        h('div', { style: 'display: flex; gap: 8px; margin-bottom: 12px' }, [
          h('button', { type: 'button', 'data-testid': 'login', disabled: state.value !== 'logged-out', onClick: login }, 'Log in'),
          h('button', { type: 'button', 'data-testid': 'logout', disabled: state.value !== 'logged-in', onClick: logout }, 'Log out'),
        ]),
        h(
          'form',
          {
            style: 'display: flex; gap: 8px; margin-bottom: 12px',
            onSubmit: (event: Event) => {
              event.preventDefault()
              void run(() => TUIUserService.setSelfStatus({ customStatus: customStatus.value }))
            },
          },
          [
            h('label', { for: 'custom-status' }, 'Custom status'),
            h('input', {
              id: 'custom-status',
              'data-testid': 'custom-status',
              value: customStatus.value,
              maxlength: 100,
              onInput: (event: Event) => {
                customStatus.value = (event.target as HTMLInputElement).value
              },
            }),
            h('button', { type: 'submit', 'data-testid': 'set-status', disabled: state.value !== 'logged-in' }, 'Set'),
          ],
        ),
        message.value ? h('p', { role: 'alert', 'data-testid': 'message' }, message.value) : null,
        h(TUIContact, { displayOnlineStatus: true, height: 360, searchable: false }),
      ])
  },
})

const app = createApp(Page)
app.use(createPinia())
app.use(TUIKit, { engine })
app.mount('#app')

if (params.get('autologin') !== '0') await login()
