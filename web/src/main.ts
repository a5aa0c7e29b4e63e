import './components/ms-app.js';
