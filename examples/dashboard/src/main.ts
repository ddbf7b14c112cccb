import { createApp } from 'vue';
import App from './App.vue';
import { loadSession } from './api.js';
import './style.css';

loadSession()
  .then(() => createApp(App).mount('#app'))
  .catch(() => undefined); // not signed in: api() has sent the browser to the sign-in page
