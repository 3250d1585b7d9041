from django.urls import path

from servicetorg.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("capacity/", views.capacity, name="capacity"),
    path("<slug:unit>/", views.register_detail, name="register-detail"),
    path("<slug:unit>/tasks/new/", views.task_create, name="task-create"),
    path("<slug:unit>/tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("<slug:unit>/tasks/<int:pk>/edit/", views.task_update, name="task-update"),
    path("<slug:unit>/tasks/<int:pk>/assess/", views.task_assess, name="task-assess"),
    path("<slug:unit>/tasks/<int:pk>/advance/", views.task_advance, name="task-advance"),
    path("<slug:unit>/tasks/<int:pk>/delete/", views.task_delete, name="task-delete"),
    path("<slug:unit>/report/", views.report_detail, name="report-detail"),
    path("<slug:unit>/report/edit/", views.report_update, name="report-update"),
    path("<slug:unit>/report/pdf/", views.report_pdf, name="report-pdf"),
    path("<slug:unit>/export.csv", views.register_export, {"fmt": "csv"}, name="register-export-csv"),
    path("<slug:unit>/export.xlsx", views.register_export, {"fmt": "xlsx"}, name="register-export-xlsx"),
    path("<slug:unit>/import/", views.register_import, name="register-import"),
]
