/** Registers the elements, then mounts the app. */
import 'l2c-elements/define.js';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
